import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { DomainErrorCode } from '@commonplace/domain';
import { DomainError } from '@commonplace/domain';
import type { ErrorBody } from '@commonplace/shared';
import type { Response } from 'express';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import type { AppErrorCode } from './app-error.js';
import { AppError } from './app-error.js';

/** Every code maps to a status here, exhaustively: adding a code without a status does not compile. */
const DOMAIN_STATUS: Record<DomainErrorCode, HttpStatus> = {
  'roster.classroom-exists': HttpStatus.CONFLICT,
  'roster.classroom-not-found': HttpStatus.NOT_FOUND,
  'roster.not-teacher': HttpStatus.FORBIDDEN,
  'roster.wrong-join-code': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.teacher-cannot-join': HttpStatus.CONFLICT,
  'roster.group-name-taken': HttpStatus.CONFLICT,
  'roster.group-not-found': HttpStatus.NOT_FOUND,
  'roster.not-a-student': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.project-exists': HttpStatus.CONFLICT,
  'projects.no-workspaces': HttpStatus.UNPROCESSABLE_ENTITY,
};

const APP_STATUS: Record<AppErrorCode, HttpStatus> = {
  'auth.invalid-credentials': HttpStatus.UNAUTHORIZED,
  'auth.unauthenticated': HttpStatus.UNAUTHORIZED,
  'auth.forbidden': HttpStatus.FORBIDDEN,
  'request.invalid': HttpStatus.BAD_REQUEST,
  'classroom.not-found': HttpStatus.NOT_FOUND,
  'classroom.unknown-join-code': HttpStatus.NOT_FOUND,
  'group.not-found': HttpStatus.NOT_FOUND,
  'workspace.not-found': HttpStatus.NOT_FOUND,
  'store.busy': HttpStatus.SERVICE_UNAVAILABLE,
};

export function toErrorResponse(error: unknown): { status: HttpStatus; body: ErrorBody } {
  if (error instanceof DomainError) {
    return {
      status: DOMAIN_STATUS[error.code],
      body: { code: error.code, message: error.message },
    };
  }
  if (error instanceof AppError) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.details) body.details = [...error.details];
    return { status: APP_STATUS[error.code], body };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      status: HttpStatus.CONFLICT,
      body: {
        code: error.code,
        message: 'Someone else changed this at the same moment. Try again.',
      },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus() as HttpStatus;
    const code = status === HttpStatus.NOT_FOUND ? 'http.not-found' : `http.${status}`;
    const message =
      status === HttpStatus.NOT_FOUND
        ? 'There is nothing at this address.'
        : error.message || 'The request failed.';
    return { status, body: { code, message } };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      code: 'internal',
      message: 'Something went wrong on our side. Your work is safe; try again in a moment.',
    },
  };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorResponse(error);
    if (status >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}
