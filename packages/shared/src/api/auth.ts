import { z } from 'zod';
import { IdSchema } from './common.js';
import { defineRoute } from './route.js';

/**
 * What kind of account someone has. Young students have a `student` account
 * made by their teacher; guardians and mentors come in by invite links.
 */
export const UserKindSchema = z.enum(['teacher', 'student', 'guardian', 'mentor']);
export type UserKind = z.infer<typeof UserKindSchema>;

export const UserSchema = z.object({ id: IdSchema, displayName: z.string(), kind: UserKindSchema });
export type User = z.infer<typeof UserSchema>;

export const SignInRequestSchema = z.object({
  login: z.string().trim().min(1, 'Enter your sign-in name.').max(200),
  password: z.string().min(1, 'Enter your password.').max(200),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;
export const SignInResponseSchema = z.object({ token: z.string(), user: UserSchema });
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

/** The class code as printed on the board or on a sign-in card, however it is typed. */
export const ClassCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{6}$/, 'A class code is six letters and digits.');

/**
 * A young student's secret: short words and digits the teacher prints on a
 * card (`otter-maple-42`). Typed loosely by children: case and spaces are forgiven.
 */
export const StudentSecretSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => s.replace(/\s+/g, '-'))
  .pipe(
    z
      .string()
      .min(4, 'Type the secret from your card.')
      .max(60, 'That is longer than any secret on a card. Check it with your teacher.'),
  );

/** Sign-in for young students without email: class code plus the secret from their card. */
export const StudentSignInRequestSchema = z.object({
  classCode: ClassCodeSchema,
  secret: StudentSecretSchema,
});
export type StudentSignInRequest = z.infer<typeof StudentSignInRequestSchema>;

/** How a session began: a password, a student's card, an accepted invite, a mentor's link, or issued by the server itself (tools, tests). */
export const SessionViaSchema = z.enum(['password', 'card', 'invite', 'mentor-link', 'issued']);
export type SessionVia = z.infer<typeof SessionViaSchema>;

/** One of the caller's sessions (`GET /auth/sessions`). */
export const SessionViewSchema = z.object({
  id: IdSchema,
  via: SessionViaSchema,
  /** "Firefox on Android"; empty when the sign-in did not say. */
  client: z.string(),
  /** The network it signed in from (`203.0.113.x`), never the whole address. */
  address: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  endedAt: z.string().nullable(),
  /** The session of the token that asked. */
  current: z.boolean(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;
export const SessionListSchema = z.object({ sessions: z.array(SessionViewSchema) });
export type SessionList = z.infer<typeof SessionListSchema>;

/** A single-use pass for one `/collab` upgrade (`?ticket=`), so the session token stays out of URLs. */
export const CollabTicketSchema = z.object({ ticket: z.string(), expiresAt: z.string() });
export type CollabTicket = z.infer<typeof CollabTicketSchema>;

const anyoneAboutThemselves = {
  decidedBy: 'service',
  reason: 'Anyone signed in, about their own account',
} as const;

export const IDENTITY_ROUTES = {
  signIn: defineRoute({
    method: 'POST',
    path: '/auth/sign-in',
    summary: 'Sign in with a login and password',
    authorize: 'public',
    body: SignInRequestSchema,
    response: SignInResponseSchema,
    status: 200,
  }),
  studentSignIn: defineRoute({
    method: 'POST',
    path: '/auth/student-sign-in',
    summary: 'Sign in a young student with the class code and the secret from their card',
    authorize: 'public',
    body: StudentSignInRequestSchema,
    response: SignInResponseSchema,
    status: 200,
  }),
  me: defineRoute({
    method: 'GET',
    path: '/me',
    summary: 'Who am I',
    authorize: anyoneAboutThemselves,
    response: UserSchema,
  }),
  signOut: defineRoute({
    method: 'POST',
    path: '/auth/sign-out',
    summary: 'End the session of the token that calls: it is refused everywhere from now on',
    authorize: anyoneAboutThemselves,
    status: 204,
  }),
  mySessions: defineRoute({
    method: 'GET',
    path: '/auth/sessions',
    summary: 'The caller’s own sessions, the current one marked',
    authorize: anyoneAboutThemselves,
    response: SessionListSchema,
  }),
  endMySession: defineRoute({
    method: 'DELETE',
    path: '/auth/sessions/:sessionId',
    summary: 'End one of the caller’s own sessions, closing its live connections',
    authorize: anyoneAboutThemselves,
    status: 204,
  }),
  collabTicket: defineRoute({
    method: 'POST',
    path: '/collab/tickets',
    summary: 'A single-use ticket for the next collaboration connection (good for 30 s)',
    authorize: anyoneAboutThemselves,
    response: CollabTicketSchema,
  }),
};
