import type { SocketAck } from '@commonplace/shared';
import { toErrorResponse } from './error.filter.js';

/**
 * Runs a socket message's handler and answers it the way REST answers: ok, or the
 * same stable code and human message the error filter gives an HTTP caller.
 */
export async function answerSocket(work: () => Promise<void>): Promise<SocketAck> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    const { body } = toErrorResponse(error);
    return { ok: false, code: body.code, message: body.message };
  }
}
