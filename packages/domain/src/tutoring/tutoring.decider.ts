import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { TutoringActor, TutoringCommand } from './commands.js';
import type { TutoringEvent } from './events.js';
import { tutorTakesSubject } from './subjects.js';

export interface TutoringSession {
  readonly sessionId: string;
  readonly tutorId: string;
  readonly scratchpadDocId: string;
  readonly linkedDocReadable: boolean;
  readonly notes: number;
  readonly ended: boolean;
  readonly rated: boolean;
}

export type HelpRequestState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'open' | 'claimed' | 'cancelled';
      readonly requestId: string;
      readonly classroomId: string;
      readonly studentId: string;
      readonly docId: string | null;
      readonly subject: string | null;
      readonly referredTo: string | null;
      readonly session: TutoringSession | null;
    };

type ExistingRequest = Exclude<HelpRequestState, { status: 'absent' }>;
type RequestWithSession = ExistingRequest & { readonly session: TutoringSession };

const MAX_TOPIC = 200;
const MAX_SUBJECT = 60;
const MAX_TEXT = 1000;

/** Optional text reaches the log only sealed: the server seals it, so a missing one is a bug, not a refusal. */
function sealedText(sealed: string | undefined, what: string): string {
  if (sealed === undefined) throw new Error(`A ${what} must be sealed before it is recorded.`);
  return sealed;
}

function requireRequest(state: HelpRequestState): ExistingRequest {
  if (state.status === 'absent') {
    throw new DomainError('tutoring.request-not-found', 'This help request does not exist.');
  }
  return state;
}

function requireSession(state: HelpRequestState): RequestWithSession {
  const request = requireRequest(state);
  if (request.session === null) {
    throw new DomainError(
      'tutoring.session-not-found',
      'No tutoring session has started for this request.',
    );
  }
  return { ...request, session: request.session };
}

function requireStaff(actor: TutoringActor): void {
  if (!actor.staff) {
    throw new DomainError('tutoring.not-staff', 'Only the classroom’s teachers can do that.');
  }
}

function requireLive(session: TutoringSession): void {
  if (session.ended) {
    throw new DomainError('tutoring.session-ended', 'This tutoring session has already ended.');
  }
}

function requireText(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT) {
    throw new DomainError(
      'tutoring.text-invalid',
      `Write ${what} of 1 to ${MAX_TEXT.toLocaleString('en')} characters.`,
    );
  }
  return trimmed;
}

export const tutoringDecider: Decider<TutoringCommand, TutoringEvent, HelpRequestState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { at, by } = command.metadata;
    switch (command.type) {
      case 'RaiseHelpRequest': {
        if (state.status !== 'absent') {
          throw new DomainError('tutoring.request-exists', 'This help request already exists.');
        }
        const { requestId, classroomId, docId, checkpointId } = command.data;
        const topic = command.data.topic.trim();
        if (topic.length === 0 || topic.length > MAX_TOPIC) {
          throw new DomainError(
            'tutoring.topic-invalid',
            `Say what you need help with in 1 to ${MAX_TOPIC} characters.`,
          );
        }
        const subject = command.data.subject?.trim() || null;
        if (subject !== null && subject.length > MAX_SUBJECT) {
          throw new DomainError(
            'tutoring.subject-invalid',
            `Name the subject in at most ${MAX_SUBJECT} characters.`,
          );
        }
        if (checkpointId !== undefined && docId === undefined) {
          throw new DomainError(
            'tutoring.checkpoint-needs-document',
            'Choose the project the checkpoint belongs to.',
          );
        }
        return [
          {
            type: 'HelpRequested',
            data: {
              requestId,
              classroomId,
              studentId: by,
              topic: command.data.sealedTopic,
              sealed: true,
              ...(subject === null ? {} : { subject }),
              docId: docId ?? null,
              checkpointId: checkpointId ?? null,
              at,
            },
          },
        ];
      }

      case 'ReferHelpRequest': {
        const request = requireRequest(state);
        requireStaff(command.data.actor);
        if (request.status !== 'open') {
          throw new DomainError(
            'tutoring.request-closed',
            'This request is no longer open: it was claimed or withdrawn.',
          );
        }
        if (command.data.tutorId === request.studentId) {
          throw new DomainError(
            'tutoring.cannot-tutor-self',
            'A student cannot be their own tutor. Choose another peer tutor.',
          );
        }
        const note = command.data.note.trim();
        if (note.length > 500) {
          throw new DomainError('tutoring.text-invalid', 'Keep the note under 500 characters.');
        }
        return [
          {
            type: 'HelpRequestReferred',
            data: {
              requestId: request.requestId,
              tutorId: command.data.tutorId,
              ...(note.length > 0
                ? {
                    note: sealedText(command.data.sealedNote, 'referral note'),
                    sealed: true as const,
                  }
                : { note: '' }),
              by,
              at,
            },
          },
        ];
      }

      case 'CancelHelpRequest': {
        const request = requireRequest(state);
        if (request.studentId !== by && !command.data.actor.staff) {
          throw new DomainError(
            'tutoring.not-your-request',
            'Only the student who asked, or a teacher, can withdraw this request.',
          );
        }
        if (request.status === 'cancelled') return [];
        if (request.status === 'claimed') {
          throw new DomainError(
            'tutoring.request-closed',
            'A tutor has already claimed this request; end the session instead.',
          );
        }
        return [{ type: 'HelpRequestCancelled', data: { requestId: request.requestId, by, at } }];
      }

      case 'ClaimHelpRequest': {
        const request = requireRequest(state);
        const { actor, sessionId, scratchpadDocId } = command.data;
        if (!actor.peerTutor && !actor.staff) {
          throw new DomainError(
            'tutoring.not-a-tutor',
            'Only peer tutors and teachers can claim help requests.',
          );
        }
        if (request.studentId === by) {
          throw new DomainError(
            'tutoring.cannot-tutor-self',
            'You cannot claim your own help request.',
          );
        }
        if (request.status === 'claimed') {
          throw new DomainError(
            'tutoring.already-claimed',
            request.session?.tutorId === by
              ? 'You have already claimed this request.'
              : 'Another tutor claimed this request first.',
          );
        }
        if (request.status === 'cancelled') {
          throw new DomainError('tutoring.request-closed', 'This request was withdrawn.');
        }
        if (request.referredTo !== null && request.referredTo !== by && !actor.staff) {
          throw new DomainError(
            'tutoring.referred-to-another',
            'A teacher referred this request to another tutor.',
          );
        }
        // A teacher's referral reaches a tutor whatever their subject.
        if (
          !actor.staff &&
          request.referredTo !== by &&
          !tutorTakesSubject(actor.tutorSubject ?? null, request.subject)
        ) {
          throw new DomainError(
            'tutoring.other-subject',
            `This request is about ${request.subject ?? 'another subject'}, which other tutors cover.`,
          );
        }
        return [
          { type: 'HelpRequestClaimed', data: { requestId: request.requestId, tutorId: by, at } },
          {
            type: 'TutoringSessionStarted',
            data: {
              requestId: request.requestId,
              sessionId,
              classroomId: request.classroomId,
              tutorId: by,
              studentId: request.studentId,
              scratchpadDocId,
              linkedDocId: request.docId,
              at,
            },
          },
        ];
      }

      case 'SetLinkedDocAccess': {
        const request = requireSession(state);
        requireStaff(command.data.actor);
        if (request.docId === null) {
          throw new DomainError(
            'tutoring.no-linked-document',
            'This request is not linked to a project document.',
          );
        }
        if (request.session.linkedDocReadable === command.data.allowed) return [];
        return [
          {
            type: 'LinkedDocAccessSet',
            data: {
              requestId: request.requestId,
              sessionId: request.session.sessionId,
              allowed: command.data.allowed,
              by,
              at,
            },
          },
        ];
      }

      case 'AddSessionNote': {
        const request = requireSession(state);
        if (by !== request.session.tutorId && by !== request.studentId) {
          throw new DomainError(
            'tutoring.not-in-session',
            'Only the tutor and the student of this session can add notes.',
          );
        }
        requireLive(request.session);
        requireText(command.data.text, 'a note');
        return [
          {
            type: 'SessionNoteAdded',
            data: {
              requestId: request.requestId,
              sessionId: request.session.sessionId,
              noteId: command.data.noteId,
              authorId: by,
              text: command.data.sealedText,
              sealed: true,
              at,
            },
          },
        ];
      }

      case 'EndTutoringSession': {
        const request = requireSession(state);
        if (by !== request.session.tutorId && !command.data.actor.staff) {
          throw new DomainError(
            'tutoring.not-in-session',
            'Only the tutor or a teacher can end this session.',
          );
        }
        requireLive(request.session);
        requireText(command.data.summary, 'a summary');
        return [
          {
            type: 'TutoringSessionEnded',
            data: {
              requestId: request.requestId,
              sessionId: request.session.sessionId,
              summary: command.data.sealedSummary,
              sealed: true,
              by,
              at,
            },
          },
        ];
      }

      case 'RateTutoringSession': {
        const request = requireSession(state);
        if (by !== request.studentId) {
          throw new DomainError(
            'tutoring.not-in-session',
            'Only the student who asked for help can rate the session.',
          );
        }
        if (!request.session.ended) {
          throw new DomainError('tutoring.session-live', 'Rate the session once it has ended.');
        }
        if (request.session.rated) {
          throw new DomainError('tutoring.already-rated', 'You have already rated this session.');
        }
        const { stars } = command.data;
        if (!Number.isInteger(stars) || stars < 1 || stars > 5) {
          throw new DomainError('tutoring.rating-invalid', 'Give one to five whole stars.');
        }
        const comment = command.data.comment?.trim() ?? '';
        if (comment.length > 500) {
          throw new DomainError('tutoring.text-invalid', 'Keep the comment under 500 characters.');
        }
        return [
          {
            type: 'TutoringSessionRated',
            data: {
              requestId: request.requestId,
              sessionId: request.session.sessionId,
              stars,
              ...(comment.length > 0
                ? {
                    comment: sealedText(command.data.sealedComment, 'rating comment'),
                    sealed: true as const,
                  }
                : { comment: null }),
              at,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'HelpRequested') {
      const { requestId, classroomId, studentId, docId } = event.data;
      return {
        status: 'open',
        requestId,
        classroomId,
        studentId,
        docId,
        subject: event.data.subject ?? null,
        referredTo: null,
        session: null,
      };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'HelpRequestReferred':
        return { ...state, referredTo: event.data.tutorId };
      case 'HelpRequestCancelled':
        return { ...state, status: 'cancelled' };
      case 'HelpRequestClaimed':
        return { ...state, status: 'claimed' };
      case 'TutoringSessionStarted':
        return {
          ...state,
          session: {
            sessionId: event.data.sessionId,
            tutorId: event.data.tutorId,
            scratchpadDocId: event.data.scratchpadDocId,
            linkedDocReadable: false,
            notes: 0,
            ended: false,
            rated: false,
          },
        };
      case 'LinkedDocAccessSet':
        return state.session === null
          ? state
          : { ...state, session: { ...state.session, linkedDocReadable: event.data.allowed } };
      case 'SessionNoteAdded':
        return state.session === null
          ? state
          : { ...state, session: { ...state.session, notes: state.session.notes + 1 } };
      case 'TutoringSessionEnded':
        return state.session === null
          ? state
          : { ...state, session: { ...state.session, ended: true } };
      case 'TutoringSessionRated':
        return state.session === null
          ? state
          : { ...state, session: { ...state.session, rated: true } };
    }
  },
};
