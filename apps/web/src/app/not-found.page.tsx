import { Link } from 'react-router';
import { PageHeading } from '../ui/page-heading';

export default function NotFoundPage() {
  return (
    <div className="narrow stack">
      <PageHeading title="Page not found">We could not find that page</PageHeading>
      <p>The link may be mistyped, or the page may have moved.</p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </div>
  );
}
