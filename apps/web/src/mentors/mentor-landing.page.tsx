import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/api-error';
import { paths } from '../app/paths';
import { useAuth } from '../auth/auth-context';
import { ErrorMessage, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';

/**
 * Where a mentor's invite link lands: it is exchanged for a session good for one inquiry
 * space, and the mentor goes straight there. A revoked or expired link says so.
 */
export default function MentorLandingPage() {
  const { t } = useTranslation('mentors');
  const { token = '' } = useParams();
  const { api, signIn } = useAuth();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api
      .mentorSignIn({ body: { inviteToken: token } })
      .then(async (session) => {
        // A mentor is not a school account: /me may not know them, so their own id stands in.
        const user = await api.me({}, { token: session.token }).catch(() => ({
          id: session.mentorId,
          displayName: session.displayName || t('mentorName'),
          kind: 'mentor' as const,
        }));
        if (!current) return;
        signIn({ token: session.token, user });
        navigate(paths.inquirySpace(session.spaceId), { replace: true });
      })
      .catch((error: unknown) => {
        if (current) setProblem(messageOf(error));
      });
    return () => {
      current = false;
    };
  }, [api, token, signIn, navigate, t]);

  return (
    <div className="narrow stack">
      <PageHeading title={t('landingTitle')}>{t('landingTitle')}</PageHeading>
      {problem ? <ErrorMessage>{problem}</ErrorMessage> : <Loading what={t('landingLoading')} />}
    </div>
  );
}
