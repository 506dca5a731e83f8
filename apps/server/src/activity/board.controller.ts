import { Controller } from '@nestjs/common';
import type { BoardView, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import { Endpoint, Input } from '../common/endpoint.js';
import { BoardQueries } from './board.queries.js';

@Controller()
export class BoardController {
  constructor(private readonly boards: BoardQueries) {}

  @Endpoint(R.board)
  onBoard(@Input() { params }: RouteValues<typeof R.board>): Promise<BoardView> {
    return this.boards.board(params.classroomId);
  }
}
