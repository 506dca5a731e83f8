import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  LabelList,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { useReducedMotion, useSettings } from '../settings/settings-store';
import { formatNumber } from '../ui/format';
import type {
  CheckpointRow,
  ContributionRow,
  DailyRow,
  LatencyRow,
  TermLatencyRow,
  WeeklyMinutesRow,
} from './chart-data';

/*
 * The recharts pictures, in their own chunk: only pages that draw a chart download the
 * library, and only once the numbers are on screen. Colours come from the stylesheet
 * (classes, not fill attributes), so high contrast repaints them too.
 */

/** Pixel sizes grow with the person's text size, so labels never overlap at 200%. */
function useScale(): number {
  const [settings] = useSettings();
  return settings.textSize / 100;
}

/** Ticks and labels in the reader's own digits ("1,5" in Spanish, "1.5" in English). */
const localNumber = (value: unknown) => formatNumber(Number(value));

function Hatch({ id }: { id: string }) {
  return (
    <svg width="0" height="0" className="chart-defs" focusable="false">
      <defs>
        <pattern
          id={id}
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch-line" />
        </pattern>
      </defs>
    </svg>
  );
}

export function ContributionBars({
  rows,
  evenPercent,
}: {
  rows: readonly ContributionRow[];
  evenPercent: number;
}) {
  const { t } = useTranslation('charts');
  const still = useReducedMotion();
  const scale = useScale();
  return (
    <ResponsiveContainer width="100%" height={(rows.length * 36 + 40) * scale}>
      <BarChart
        data={[...rows]}
        layout="vertical"
        margin={{ top: 8, right: 56 * scale, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} strokeDasharray="2 4" />
        <XAxis type="number" domain={[0, 100]} unit="%" tickCount={6} tickFormatter={localNumber} />
        <YAxis type="category" dataKey="name" width={110 * scale} />
        <ReferenceLine
          x={evenPercent}
          className="chart-reference"
          label={{ value: t('evenShare'), position: 'top' }}
        />
        <Bar dataKey="sharePercent" className="chart-bar-solid" isAnimationActive={!still}>
          <LabelList
            dataKey="sharePercent"
            position="right"
            formatter={(v) => `${localNumber(v)}%`}
          />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function CheckpointBars({ rows }: { rows: readonly CheckpointRow[] }) {
  const still = useReducedMotion();
  const scale = useScale();
  const hatchId = useId().replace(/:/g, '');
  const data = rows.map((row) => ({ ...row, name: `${row.label} (${row.reached}/${row.total})` }));
  return (
    <>
      <Hatch id={hatchId} />
      <ResponsiveContainer width="100%" height={(rows.length * 36 + 40) * scale}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} strokeDasharray="2 4" />
          <XAxis type="number" allowDecimals={false} tickFormatter={localNumber} />
          <YAxis type="category" dataKey="name" width={170 * scale} />
          <Bar
            dataKey="reached"
            stackId="progress"
            className="chart-bar-solid"
            isAnimationActive={!still}
          />
          <Bar
            dataKey="remaining"
            stackId="progress"
            className="chart-bar-open"
            fill={`url(#${hatchId})`}
            isAnimationActive={!still}
          />
        </BarChart>
      </ResponsiveContainer>
    </>
  );
}

export function WeeklyMinutesBars({ rows }: { rows: readonly WeeklyMinutesRow[] }) {
  const still = useReducedMotion();
  const scale = useScale();
  return (
    <ResponsiveContainer width="100%" height={220 * scale}>
      <BarChart
        data={[...rows]}
        margin={{ top: 24 * scale, right: 8, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} strokeDasharray="2 4" />
        <XAxis dataKey="week" />
        <YAxis allowDecimals={false} unit=" min" width={64 * scale} tickFormatter={localNumber} />
        <Bar dataKey="minutes" className="chart-bar-solid" isAnimationActive={!still}>
          <LabelList dataKey="minutes" position="top" formatter={localNumber} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function LatencyBars({ rows }: { rows: readonly LatencyRow[] }) {
  const still = useReducedMotion();
  const scale = useScale();
  const hatchId = useId().replace(/:/g, '');
  // Two series, one of them empty per row: answered bars are solid, waiting ones hatched.
  const data = rows.map((row) => ({
    name: row.label,
    answered: row.state === 'answered' ? row.hours : 0,
    waiting: row.state === 'waiting' ? row.hours : 0,
    hours: row.hours,
  }));
  return (
    <>
      <Hatch id={hatchId} />
      <ResponsiveContainer width="100%" height={(rows.length * 36 + 40) * scale}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 56 * scale, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} strokeDasharray="2 4" />
          <XAxis type="number" unit=" h" tickFormatter={localNumber} />
          <YAxis type="category" dataKey="name" width={170 * scale} />
          <Bar
            dataKey="answered"
            stackId="latency"
            className="chart-bar-solid"
            isAnimationActive={!still}
          />
          <Bar
            dataKey="waiting"
            stackId="latency"
            className="chart-bar-open"
            fill={`url(#${hatchId})`}
            isAnimationActive={!still}
          >
            <LabelList dataKey="hours" position="right" formatter={(v) => `${localNumber(v)} h`} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </>
  );
}

interface ValueAxis {
  /** Ties bars or a line to this axis when a chart has two. */
  id?: string;
  unit?: string;
  width: number;
  wholeNumbers?: boolean;
}

/**
 * Bars and a line with dots along time, on one value axis or two (the second on the right):
 * two kinds of mark, not two colours. An empty value leaves a gap rather than a zero.
 */
function BarsAndLine(props: {
  rows: readonly object[];
  x: string;
  bar: string;
  line: string;
  axes: readonly [ValueAxis] | readonly [ValueAxis, ValueAxis];
}) {
  const still = useReducedMotion();
  const scale = useScale();
  const [barAxis, lineAxis = barAxis] = props.axes;
  return (
    <ResponsiveContainer width="100%" height={240 * scale}>
      <ComposedChart
        data={[...props.rows]}
        margin={{ top: 16, right: 8, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} strokeDasharray="2 4" />
        <XAxis dataKey={props.x} />
        {props.axes.map((axis, index) => (
          <YAxis
            key={axis.id ?? index}
            {...(axis.id ? { yAxisId: axis.id } : {})}
            orientation={index === 0 ? 'left' : 'right'}
            allowDecimals={!axis.wholeNumbers}
            {...(axis.unit ? { unit: axis.unit } : {})}
            width={axis.width * scale}
            tickFormatter={localNumber}
          />
        ))}
        <Bar
          {...(barAxis.id ? { yAxisId: barAxis.id } : {})}
          dataKey={props.bar}
          className="chart-bar-solid"
          isAnimationActive={!still}
        />
        <Line
          {...(lineAxis.id ? { yAxisId: lineAxis.id } : {})}
          dataKey={props.line}
          className="chart-line"
          type="linear"
          dot={{ r: 4 }}
          connectNulls={false}
          isAnimationActive={!still}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Characters written (bars, left) and minutes on task (line, right), day by day. */
export function DailyActivityBars({ rows }: { rows: readonly DailyRow[] }) {
  return (
    <BarsAndLine
      rows={rows}
      x="day"
      bar="characters"
      line="minutes"
      axes={[
        { id: 'characters', width: 56, wholeNumbers: true },
        { id: 'minutes', unit: ' min', width: 64, wholeNumbers: true },
      ]}
    />
  );
}

/** The median hours to feedback (bars) and the 90th percentile (line), week by week. */
export function TermLatencyBars({ rows }: { rows: readonly TermLatencyRow[] }) {
  return (
    <BarsAndLine
      rows={rows}
      x="week"
      bar="medianHours"
      line="p90Hours"
      axes={[{ unit: ' h', width: 64 }]}
    />
  );
}
