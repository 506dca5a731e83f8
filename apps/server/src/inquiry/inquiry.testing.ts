import type {
  InquirySpaceView,
  MentorInviteCreated,
  MentorSignInResponse,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import type { Call, LoopPerson } from '../projects/classroom-loop.testing.js';

const R = API_ROUTES;

/** Steps the inquiry int-specs share, over the HTTP API as a browser takes them. */

/** Opens a space on the teacher's classroom; its id. */
export async function openSpace(teacher: LoopPerson, classroomId: string): Promise<string> {
  const opened = await teacher.call<InquirySpaceView>(
    'POST',
    apiPath(R.openInquirySpace, { classroomId }),
    { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
  );
  if (opened.status !== 201) throw new Error(`could not open a space: ${JSON.stringify(opened)}`);
  return opened.body.spaceId;
}

/** Grace Okafor of the River Trust, invited until `expiresAt` (ms), signed in through her link. */
export async function inviteAndSignInMentor(
  teacher: LoopPerson,
  anonymous: Call,
  spaceId: string,
  expiresAt: number,
): Promise<{ inviteToken: string; session: MentorSignInResponse }> {
  const invited = await teacher.call<MentorInviteCreated>(
    'POST',
    apiPath(R.inviteMentor, { spaceId }),
    {
      name: 'Grace Okafor',
      organisation: 'River Trust',
      backgroundCheckVerifiedOn: '2026-01-05',
      expiresAt: new Date(expiresAt).toISOString(),
    },
  );
  if (invited.status !== 201) throw new Error(`could not invite: ${JSON.stringify(invited)}`);
  const { inviteToken } = invited.body;
  const signedIn = await anonymous<MentorSignInResponse>('POST', apiPath(R.mentorSignIn), {
    inviteToken,
  });
  if (signedIn.status !== 200) throw new Error(`could not sign in: ${JSON.stringify(signedIn)}`);
  return { inviteToken, session: signedIn.body };
}
