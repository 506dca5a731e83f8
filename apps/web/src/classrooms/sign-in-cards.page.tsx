import { Trans, useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths } from '../app/paths';
import { PageHeading } from '../ui/page-heading';
import { useSignInCards } from './sign-in-cards.store';

/** Cards to print and cut out: one per young student, with the class code and their secret. */
export default function SignInCardsPage() {
  const { classroomId = '' } = useParams();
  const cards = useSignInCards(classroomId);
  const { t } = useTranslation('classrooms');
  const classroomName = cards[0]?.classroomName ?? t('cards.yourClassroom');

  return (
    <div className="stack-lg">
      <p className="no-print">
        <Link to={paths.classroom(classroomId)}>{t('cards.back')}</Link>
      </p>
      <PageHeading title={t('cards.title')}>
        {t('cards.heading', { classroom: classroomName })}
      </PageHeading>
      {cards.length === 0 ? (
        <p>
          <Trans
            t={t}
            i18nKey="cards.none"
            components={{ page: <Link to={paths.classroom(classroomId)} /> }}
          />
        </p>
      ) : (
        <>
          <div className="no-print stack-sm">
            <p>{t('cards.printNow')}</p>
            <button type="button" className="button-primary" onClick={() => window.print()}>
              {t('cards.print')}
            </button>
          </div>
          <ul className="sign-in-cards" aria-label={t('cards.title')}>
            {cards.map((card) => (
              <li key={card.studentId} className="sign-in-card">
                <p className="sign-in-card-name">{card.displayName}</p>
                <p className="sign-in-card-where">
                  {t('cards.where', { classroom: card.classroomName })}
                </p>
                <dl>
                  <dt>{t('cards.classCode')}</dt>
                  <dd className="sign-in-card-code">{card.classCode}</dd>
                  <dt>{t('cards.secret')}</dt>
                  <dd className="sign-in-card-secret">{card.secret}</dd>
                </dl>
                <p className="sign-in-card-how">{t('cards.how')}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
