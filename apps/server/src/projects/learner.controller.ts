import { Controller } from '@nestjs/common';
import type {
  Child,
  GoalList,
  GoalView,
  JournalEntry,
  JournalPage,
  RouteValues,
  StudentOverview,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { ProjectReader } from './project.reader.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';
import { StudentOverviewService } from './student-overview.service.js';

/** A student's own notes on a project (journal, goals) and the overview their guardians see. */
@Controller()
export class LearnerController {
  constructor(
    private readonly projects: ProjectService,
    private readonly queries: ProjectQueries,
    private readonly reader: ProjectReader,
    private readonly overviews: StudentOverviewService,
  ) {}

  @Endpoint(R.journal)
  async onJournal(
    @Input() { params, query }: RouteValues<typeof R.journal>,
    @CurrentActor() actor: Actor,
  ): Promise<JournalPage> {
    const { studentId } = await this.reader.learner(actor, params.projectId, query.studentId);
    return this.queries.journal(params.projectId, studentId, query.limit, query.cursor);
  }

  @Endpoint(R.writeJournalEntry)
  async onWriteJournal(
    @Input() { params, body }: RouteValues<typeof R.writeJournalEntry>,
    @CurrentActor() actor: Actor,
  ): Promise<JournalEntry> {
    const entryId = await this.projects.writeJournalEntry(
      actor,
      params.projectId,
      body.prompt,
      body.text,
    );
    const page = await this.queries.journal(params.projectId, actor.userId, 200);
    const entry = page.items.find((e) => e.entryId === entryId);
    if (!entry) throw new Error(`journal entry ${entryId} missing after catching up`);
    return entry;
  }

  @Endpoint(R.goals)
  async onGoals(
    @Input() { params, query }: RouteValues<typeof R.goals>,
    @CurrentActor() actor: Actor,
  ): Promise<GoalList> {
    const { studentId } = await this.reader.learner(actor, params.projectId, query.studentId);
    const docId = await this.queries.workspaceOfStudent(params.projectId, studentId);
    return { items: await this.queries.goals(params.projectId, studentId, docId) };
  }

  @Endpoint(R.setGoal)
  async onSetGoal(
    @Input() { params, body }: RouteValues<typeof R.setGoal>,
    @CurrentActor() actor: Actor,
  ): Promise<GoalView> {
    const goalId = await this.projects.setGoal(actor, params.projectId, body);
    const docId = await this.queries.workspaceOfStudent(params.projectId, actor.userId);
    const goal = (await this.queries.goals(params.projectId, actor.userId, docId)).find(
      (g) => g.goalId === goalId,
    );
    if (!goal) throw new Error(`goal ${goalId} missing after catching up`);
    return goal;
  }

  @Endpoint(R.dropGoal)
  async onDropGoal(
    @Input() { params }: RouteValues<typeof R.dropGoal>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.projects.dropGoal(actor, params.projectId, params.goalId);
  }

  @Endpoint(R.studentOverview)
  async onOverview(
    @Input() { params }: RouteValues<typeof R.studentOverview>,
    @CurrentActor() actor: Actor,
  ): Promise<StudentOverview> {
    await this.overviews.requireViewer(actor, params.studentId);
    return this.overviews.overview(params.studentId);
  }

  @Endpoint(R.myChildren)
  onChildren(
    @Input() _input: RouteValues<typeof R.myChildren>,
    @CurrentActor() actor: Actor,
  ): Promise<Child[]> {
    if (actor.kind !== 'guardian') {
      throw new AppError('auth.forbidden', 'Only guardians have children listed here.');
    }
    return this.overviews.children(actor.userId);
  }
}
