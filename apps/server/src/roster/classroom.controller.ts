import { Controller } from '@nestjs/common';
import type {
  ClassroomSummary,
  ClassroomView,
  GroupView,
  GroupsView,
  MyProject,
  RosterPage,
  RouteValues,
  SignInCard,
  WorkspaceView,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import { Endpoint, Input } from '../common/endpoint.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';

@Controller()
export class ClassroomController {
  constructor(
    private readonly classrooms: ClassroomService,
    private readonly queries: ClassroomQueries,
  ) {}

  @Endpoint(R.listClassrooms)
  onList(
    @Input() _input: RouteValues<typeof R.listClassrooms>,
    @CurrentActor() actor: Actor,
  ): Promise<ClassroomSummary[]> {
    return this.queries.listFor(actor.userId);
  }

  @Endpoint(R.createClassroom)
  onCreate(
    @Input() { body }: RouteValues<typeof R.createClassroom>,
    @CurrentActor() actor: Actor,
  ): Promise<ClassroomView> {
    return this.classrooms.createClassroom(actor, body.name);
  }

  @Endpoint(R.joinClassroom)
  onJoin(
    @Input() { body }: RouteValues<typeof R.joinClassroom>,
    @CurrentActor() actor: Actor,
  ): Promise<ClassroomSummary> {
    return this.classrooms.join(actor, body.code);
  }

  @Endpoint(R.classroom)
  onView(
    @Input() { params }: RouteValues<typeof R.classroom>,
    @CurrentActor() actor: Actor,
  ): Promise<ClassroomView> {
    return this.queries.view(params.classroomId, actor.userId);
  }

  @Endpoint(R.roster)
  onRoster(@Input() { params, query }: RouteValues<typeof R.roster>): Promise<RosterPage> {
    return this.queries.roster(params.classroomId, query.limit, query.cursor);
  }

  @Endpoint(R.removeMember)
  async onRemoveMember(
    @Input() { params, query }: RouteValues<typeof R.removeMember>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.classrooms.removeMember(actor, params.classroomId, params.userId, query.role);
  }

  @Endpoint(R.createGroup)
  onCreateGroup(
    @Input() { params, body }: RouteValues<typeof R.createGroup>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupView> {
    return this.classrooms.createGroup(actor, params.classroomId, body.name);
  }

  @Endpoint(R.renameGroup)
  onRenameGroup(
    @Input() { params, body }: RouteValues<typeof R.renameGroup>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupView> {
    return this.classrooms.renameGroup(actor, params.classroomId, params.groupId, body.name);
  }

  @Endpoint(R.dissolveGroup)
  async onDissolveGroup(
    @Input() { params }: RouteValues<typeof R.dissolveGroup>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.classrooms.dissolveGroup(actor, params.classroomId, params.groupId);
  }

  @Endpoint(R.addGroupMember)
  onAddMember(
    @Input() { params, body }: RouteValues<typeof R.addGroupMember>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupView> {
    return this.classrooms.addStudentToGroup(
      actor,
      params.classroomId,
      params.groupId,
      body.studentId,
    );
  }

  @Endpoint(R.removeGroupMember)
  onRemoveGroupMember(
    @Input() { params }: RouteValues<typeof R.removeGroupMember>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupView> {
    return this.classrooms.removeStudentFromGroup(
      actor,
      params.classroomId,
      params.groupId,
      params.studentId,
    );
  }

  @Endpoint(R.arrangeGroups)
  onArrangeGroups(
    @Input() { params, body }: RouteValues<typeof R.arrangeGroups>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupsView> {
    return this.classrooms.arrangeGroups(actor, params.classroomId, body.how, body.size);
  }

  @Endpoint(R.undoGroupArrangement)
  onUndoGroupArrangement(
    @Input() { params }: RouteValues<typeof R.undoGroupArrangement>,
    @CurrentActor() actor: Actor,
  ): Promise<GroupsView> {
    return this.classrooms.undoGroupArrangement(actor, params.classroomId);
  }

  @Endpoint(R.designatePeerTutor)
  async onDesignatePeerTutor(
    @Input() { params, body }: RouteValues<typeof R.designatePeerTutor>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.classrooms.designatePeerTutor(
      actor,
      params.classroomId,
      body.studentId,
      body.subject,
    );
  }

  @Endpoint(R.withdrawPeerTutor)
  async onWithdrawPeerTutor(
    @Input() { params }: RouteValues<typeof R.withdrawPeerTutor>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.classrooms.withdrawPeerTutor(actor, params.classroomId, params.studentId);
  }

  @Endpoint(R.createStudentAccount)
  onCreateStudentAccount(
    @Input() { params, body }: RouteValues<typeof R.createStudentAccount>,
    @CurrentActor() actor: Actor,
  ): Promise<SignInCard> {
    return this.classrooms.createStudentAccount(actor, params.classroomId, body.displayName);
  }

  @Endpoint(R.resetStudentSecret)
  onResetStudentSecret(
    @Input() { params }: RouteValues<typeof R.resetStudentSecret>,
    @CurrentActor() actor: Actor,
  ): Promise<SignInCard> {
    return this.classrooms.resetStudentSecret(actor, params.classroomId, params.studentId);
  }

  @Endpoint(R.myProjects)
  onMyProjects(
    @Input() _input: RouteValues<typeof R.myProjects>,
    @CurrentActor() actor: Actor,
  ): Promise<MyProject[]> {
    return this.queries.myProjects(actor.userId);
  }

  @Endpoint(R.workspace)
  onWorkspace(
    @Input() { params }: RouteValues<typeof R.workspace>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceView> {
    return this.queries.workspace(params.docId, actor.userId);
  }
}
