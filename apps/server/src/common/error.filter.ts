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
  'classroom.not-found': HttpStatus.NOT_FOUND,
  'roster.not-teacher': HttpStatus.FORBIDDEN,
  'roster.wrong-join-code': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.teacher-cannot-join': HttpStatus.CONFLICT,
  'roster.group-name-taken': HttpStatus.CONFLICT,
  'roster.group-not-found': HttpStatus.NOT_FOUND,
  'roster.not-a-student': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.not-owner': HttpStatus.FORBIDDEN,
  'roster.already-member': HttpStatus.CONFLICT,
  'roster.invite-exists': HttpStatus.CONFLICT,
  'roster.invite-not-found': HttpStatus.NOT_FOUND,
  'roster.invite-expiry-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.invite-needs-students': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.invite-token-mismatch': HttpStatus.FORBIDDEN,
  'roster.invite-expired': HttpStatus.GONE,
  'roster.invite-used': HttpStatus.GONE,
  'roster.invite-revoked': HttpStatus.GONE,
  'roster.student-exists': HttpStatus.CONFLICT,
  'roster.student-account-not-found': HttpStatus.NOT_FOUND,
  'roster.not-in-group': HttpStatus.CONFLICT,
  'roster.group-listed-twice': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.student-in-two-groups': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.group-size-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'roster.nothing-to-undo': HttpStatus.CONFLICT,
  'roster.not-a-member': HttpStatus.NOT_FOUND,
  'roster.classroom-in-another-school': HttpStatus.CONFLICT,
  'roster.school-exists': HttpStatus.CONFLICT,
  'roster.school-not-found': HttpStatus.NOT_FOUND,
  'roster.not-school-admin': HttpStatus.FORBIDDEN,
  'roster.last-school-admin': HttpStatus.CONFLICT,
  'projects.project-exists': HttpStatus.CONFLICT,
  'projects.no-workspaces': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.project-not-found': HttpStatus.NOT_FOUND,
  'projects.not-staff': HttpStatus.FORBIDDEN,
  'projects.not-a-member': HttpStatus.FORBIDDEN,
  'projects.workspace-not-found': HttpStatus.NOT_FOUND,
  'projects.checkpoints-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.rubric-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.checkpoint-not-found': HttpStatus.NOT_FOUND,
  'projects.checkpoint-not-reached': HttpStatus.CONFLICT,
  'projects.locked': HttpStatus.LOCKED,
  'projects.already-submitted': HttpStatus.CONFLICT,
  'projects.stale-revision': HttpStatus.CONFLICT,
  'projects.submission-not-found': HttpStatus.NOT_FOUND,
  'projects.submission-superseded': HttpStatus.CONFLICT,
  'projects.score-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.already-returned': HttpStatus.CONFLICT,
  'projects.feedback-not-found': HttpStatus.NOT_FOUND,
  'projects.not-journal-owner': HttpStatus.FORBIDDEN,
  'projects.journal-entry-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'projects.journal-entry-exists': HttpStatus.CONFLICT,
  'projects.goal-exists': HttpStatus.CONFLICT,
  'projects.goal-not-found': HttpStatus.NOT_FOUND,
  'projects.goal-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.request-exists': HttpStatus.CONFLICT,
  'tutoring.request-not-found': HttpStatus.NOT_FOUND,
  'tutoring.topic-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.subject-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.checkpoint-needs-document': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.not-staff': HttpStatus.FORBIDDEN,
  'tutoring.request-closed': HttpStatus.CONFLICT,
  'tutoring.cannot-tutor-self': HttpStatus.CONFLICT,
  'tutoring.not-your-request': HttpStatus.FORBIDDEN,
  'tutoring.not-a-tutor': HttpStatus.FORBIDDEN,
  'tutoring.already-claimed': HttpStatus.CONFLICT,
  'tutoring.referred-to-another': HttpStatus.CONFLICT,
  'tutoring.other-subject': HttpStatus.FORBIDDEN,
  'tutoring.session-not-found': HttpStatus.NOT_FOUND,
  'tutoring.no-linked-document': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.not-in-session': HttpStatus.FORBIDDEN,
  'tutoring.session-ended': HttpStatus.CONFLICT,
  'tutoring.session-live': HttpStatus.CONFLICT,
  'tutoring.already-rated': HttpStatus.CONFLICT,
  'tutoring.rating-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'tutoring.text-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'inquiry.space-exists': HttpStatus.CONFLICT,
  'inquiry.space-not-found': HttpStatus.NOT_FOUND,
  'inquiry.not-moderator': HttpStatus.FORBIDDEN,
  'inquiry.not-a-participant': HttpStatus.FORBIDDEN,
  'inquiry.participant-removed': HttpStatus.FORBIDDEN,
  'inquiry.text-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'inquiry.classroom-already-in': HttpStatus.CONFLICT,
  'inquiry.not-invited-teacher': HttpStatus.FORBIDDEN,
  'inquiry.no-invitation': HttpStatus.CONFLICT,
  'inquiry.board-locked': HttpStatus.CONFLICT,
  'inquiry.post-exists': HttpStatus.CONFLICT,
  'inquiry.post-not-found': HttpStatus.NOT_FOUND,
  'inquiry.contact-details': HttpStatus.UNPROCESSABLE_ENTITY,
  'inquiry.cannot-remove-self': HttpStatus.CONFLICT,
  'inquiry.mentor-exists': HttpStatus.CONFLICT,
  'inquiry.mentor-not-found': HttpStatus.NOT_FOUND,
  'inquiry.background-check-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'inquiry.mentor-expiry-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'inquiry.invite-token-mismatch': HttpStatus.FORBIDDEN,
  'notifications.not-yours': HttpStatus.FORBIDDEN,
  'inquiry.mentor-revoked': HttpStatus.GONE,
  'inquiry.invite-expired': HttpStatus.GONE,
  'comments.empty': HttpStatus.UNPROCESSABLE_ENTITY,
  'comments.too-long': HttpStatus.UNPROCESSABLE_ENTITY,
  'comments.anchor-invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'comments.too-many': HttpStatus.UNPROCESSABLE_ENTITY,
  'comments.thread-exists': HttpStatus.CONFLICT,
  'comments.thread-not-found': HttpStatus.NOT_FOUND,
  'comments.thread-resolved': HttpStatus.CONFLICT,
  'comments.already-resolved': HttpStatus.CONFLICT,
  'comments.not-resolved': HttpStatus.CONFLICT,
  'families.summary-not-yours': HttpStatus.FORBIDDEN,
  'families.summary-link-used': HttpStatus.GONE,
  'families.summary-link-invalid': HttpStatus.NOT_FOUND,
  'families.summary-not-subscribed': HttpStatus.CONFLICT,
  'families.summary-already-sent': HttpStatus.CONFLICT,
};

const APP_STATUS: Record<AppErrorCode, HttpStatus> = {
  'auth.invalid-credentials': HttpStatus.UNAUTHORIZED,
  'auth.unauthenticated': HttpStatus.UNAUTHORIZED,
  'auth.forbidden': HttpStatus.FORBIDDEN,
  'auth.login-taken': HttpStatus.CONFLICT,
  'auth.too-many-attempts': HttpStatus.TOO_MANY_REQUESTS,
  'auth.session-not-found': HttpStatus.NOT_FOUND,
  'auth.not-your-session': HttpStatus.FORBIDDEN,
  'request.invalid': HttpStatus.BAD_REQUEST,
  'request.invalid-text': HttpStatus.BAD_REQUEST,
  'classroom.not-found': HttpStatus.NOT_FOUND,
  'classroom.unknown-join-code': HttpStatus.NOT_FOUND,
  'group.not-found': HttpStatus.NOT_FOUND,
  'workspace.not-found': HttpStatus.NOT_FOUND,
  'project.not-found': HttpStatus.NOT_FOUND,
  'school.not-found': HttpStatus.NOT_FOUND,
  'submission.empty-document': HttpStatus.UNPROCESSABLE_ENTITY,
  'invite.not-found': HttpStatus.NOT_FOUND,
  'families.not-your-child': HttpStatus.FORBIDDEN,
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
