import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../ui/page-heading';

export default function NotFoundPage() {
  const { t } = useTranslation('common');
  return (
    <div className="narrow stack">
      <PageHeading title={t('notFound.title')}>{t('notFound.heading')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('goHome')}</Link>
      </p>
    </div>
  );
}
