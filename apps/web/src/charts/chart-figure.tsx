import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import type { ReactNode } from 'react';

export interface ChartColumn<Row> {
  header: string;
  cell: (row: Row) => string | number;
  /** Right-aligned, tabular digits. */
  numeric?: boolean;
}

/**
 * A chart with its words: a caption, a one-sentence summary a screen reader reads in place
 * of the picture, and the numbers as a real table. The picture itself is hidden from
 * assistive tech, since the table says everything it shows, row for row.
 */
export function ChartFigure<Row>(props: {
  title: string;
  summary: string;
  rows: readonly Row[];
  columns: readonly ChartColumn<Row>[];
  rowKey: (row: Row) => string;
  /** A key to the picture in words (what solid and hatched mean), shown above it. */
  legend?: ReactNode;
  children: ReactNode;
}) {
  const captionId = useId();
  const { t } = useTranslation('charts');
  return (
    <figure className="chart stack-sm" aria-labelledby={captionId}>
      <figcaption id={captionId}>{props.title}</figcaption>
      <p className="chart-summary">{props.summary}</p>
      {props.legend}
      <div className="chart-canvas" aria-hidden="true">
        {props.children}
      </div>
      <details className="chart-details">
        <summary>{t('showTable')}</summary>
        <table className="chart-table">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th key={column.header} scope="col">
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((column, index) =>
                  index === 0 ? (
                    <th key={column.header} scope="row">
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.header} className={column.numeric ? 'number' : undefined}>
                      {column.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
