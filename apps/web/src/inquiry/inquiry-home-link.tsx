import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';

/** The home page's way to the cross-classroom inquiry spaces. */
export function InquiryHomeLink() {
  const { t } = useTranslation('inquiry');
  return (
    <p>
      <Link to={paths.inquirySpaces}>{t('list.title')}</Link>
    </p>
  );
}
