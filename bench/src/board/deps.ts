/** The board's read side and its projection, from the BUILT server, as production runs them. */
export { BoardQueries } from '@commonplace/server/dist/activity/board.queries.js';
export { boardActivityProjection } from '@commonplace/server/dist/activity/board-activity.projection.js';
