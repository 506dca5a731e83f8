import { Link, useParams } from 'react-router';
import { paths } from '../app/paths';
import { PageHeading } from '../ui/page-heading';
import { useSignInCards } from './sign-in-cards.store';

/** Cards to print and cut out: one per young student, with the class code and their secret. */
export default function SignInCardsPage() {
  const { classroomId = '' } = useParams();
  const cards = useSignInCards(classroomId);
  const classroomName = cards[0]?.classroomName ?? 'your classroom';

  return (
    <div className="stack-lg">
      <p className="no-print">
        <Link to={paths.classroom(classroomId)}>← Back to the classroom</Link>
      </p>
      <PageHeading title="Sign-in cards">Sign-in cards for {classroomName}</PageHeading>
      {cards.length === 0 ? (
        <p>
          No cards to print. Secrets are shown only when they are made: make an account or reset a
          student&apos;s secret on the <Link to={paths.classroom(classroomId)}>classroom page</Link>
          , then come back here.
        </p>
      ) : (
        <>
          <div className="no-print stack-sm">
            <p>
              Print these now: each secret is shown only once, and closing this tab forgets them. A
              lost card is replaced by resetting that student&apos;s secret.
            </p>
            <button type="button" className="button-primary" onClick={() => window.print()}>
              Print the cards
            </button>
          </div>
          <ul className="sign-in-cards" aria-label="Sign-in cards">
            {cards.map((card) => (
              <li key={card.studentId} className="sign-in-card">
                <p className="sign-in-card-name">{card.displayName}</p>
                <p className="sign-in-card-where">Commonplace · {card.classroomName}</p>
                <dl>
                  <dt>Class code</dt>
                  <dd className="sign-in-card-code">{card.classCode}</dd>
                  <dt>Your secret</dt>
                  <dd className="sign-in-card-secret">{card.secret}</dd>
                </dl>
                <p className="sign-in-card-how">
                  On the sign-in page choose “With my card”, then type both.
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
