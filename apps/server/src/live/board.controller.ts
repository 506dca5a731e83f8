import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import type { BoardView } from '@commonplace/shared';
import { API_ROUTES } from '@commonplace/shared';
import { z } from 'zod';
import { ClassroomAccess } from '../classrooms/classroom-access.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { BoardQueries } from './board.queries.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));

@Controller()
@UseGuards(AuthGuard)
export class BoardController {
  constructor(
    private readonly access: ClassroomAccess,
    private readonly boards: BoardQueries,
  ) {}

  @Get(API_ROUTES.board.path)
  async onBoard(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<BoardView> {
    await this.access.require(classroomId, principal.userId, 'activity.view-board');
    return this.boards.board(classroomId);
  }
}
