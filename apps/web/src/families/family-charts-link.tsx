import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';

/**
 * The way from a guardian's list of students to one child's charts. Its purpose comes
 * from the list item it sits in (WCAG 2.4.4), so the student's name stays one link.
 */
export function FamilyChartsLink({ studentId }: { studentId: string }) {
  const { t } = useTranslation('families');
  return <Link to={paths.familyChild(studentId)}>{t('chartsLink')}</Link>;
}
