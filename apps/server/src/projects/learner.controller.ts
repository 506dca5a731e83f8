import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type {
  Child,
  GoalList,
  GoalView,
  JournalEntry,
  JournalPage,
  LearnerQuery,
  PageQuery,
  SetGoalRequest,
  StudentOverview,
  WriteJournalEntryRequest,
} from '@commonplace/shared';
import {
  API_ROUTES,
  LearnerQuerySchema,
  PageQuerySchema,
  SetGoalRequestSchema,
  WriteJournalEntryRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectReader } from './project-reader.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';
import { StudentOverviewService } from './student-overview.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = API_ROUTES;
const JournalQuerySchema = PageQuerySchema.extend(LearnerQuerySchema.shape);

/** A student's own notes on a project (journal, goals) and the overview their guardians see. */
@Controller()
@UseGuards(AuthGuard)
export class LearnerController {
  constructor(
    private readonly projects: ProjectService,
    private readonly queries: ProjectQueries,
    private readonly reader: ProjectReader,
    private readonly overviews: StudentOverviewService,
  ) {}

  @Get(R.journal.path)
  async onJournal(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Query(new ZodValidationPipe(JournalQuerySchema)) query: PageQuery & LearnerQuery,
  ): Promise<JournalPage> {
    const { studentId } = await this.reader.learner(principal, projectId, query.studentId);
    return this.queries.journal(projectId, studentId, query.limit, query.cursor);
  }

  @Post(R.writeJournalEntry.path)
  async onWriteJournal(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Body(new ZodValidationPipe(WriteJournalEntryRequestSchema)) body: WriteJournalEntryRequest,
  ): Promise<JournalEntry> {
    const entryId = await this.projects.writeJournalEntry(
      principal,
      projectId,
      body.prompt,
      body.text,
    );
    const page = await this.queries.journal(projectId, principal.userId, 200);
    const entry = page.items.find((e) => e.entryId === entryId);
    if (!entry) throw new Error(`journal entry ${entryId} missing after catching up`);
    return entry;
  }

  @Get(R.goals.path)
  async onGoals(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Query(new ZodValidationPipe(LearnerQuerySchema)) query: LearnerQuery,
  ): Promise<GoalList> {
    const { studentId } = await this.reader.learner(principal, projectId, query.studentId);
    const docId = await this.queries.workspaceOfStudent(projectId, studentId);
    return { items: await this.queries.goals(projectId, studentId, docId) };
  }

  @Post(R.setGoal.path)
  async onSetGoal(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Body(new ZodValidationPipe(SetGoalRequestSchema)) body: SetGoalRequest,
  ): Promise<GoalView> {
    const goalId = await this.projects.setGoal(principal, projectId, body);
    const docId = await this.queries.workspaceOfStudent(projectId, principal.userId);
    const goal = (await this.queries.goals(projectId, principal.userId, docId)).find(
      (g) => g.goalId === goalId,
    );
    if (!goal) throw new Error(`goal ${goalId} missing after catching up`);
    return goal;
  }

  @Delete(R.dropGoal.path)
  @HttpCode(204)
  async onDropGoal(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Param('goalId', IdParam) goalId: string,
  ): Promise<void> {
    await this.projects.dropGoal(principal, projectId, goalId);
  }

  @Get(R.studentOverview.path)
  async onOverview(
    @CurrentPrincipal() principal: Principal,
    @Param('studentId', IdParam) studentId: string,
  ): Promise<StudentOverview> {
    await this.overviews.requireViewer(principal, studentId);
    return this.overviews.overview(studentId);
  }

  @Get(R.myChildren.path)
  onChildren(@CurrentPrincipal() principal: Principal): Promise<Child[]> {
    if (principal.kind !== 'guardian') {
      throw new AppError('auth.forbidden', 'Only guardians have children listed here.');
    }
    return this.overviews.children(principal.userId);
  }
}
