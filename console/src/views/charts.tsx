/** The dashboard's charts (recharts), sized by their container so they fit a phone too. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface PlatformSample {
  at: string;
  questsCompleted: number;
  xpAwarded: number;
}

export interface CourseFigures {
  course: string;
  completions: number;
  enrollments: number;
  passRate: number;
}

const BLUE = '#1d4ed8';
const AMBER = '#b45309';
const GREEN = '#047857';

export function PlatformChart({ samples }: { samples: PlatformSample[] }) {
  return (
    <div className="chart" data-testid="platform-chart" data-samples={samples.length}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={samples} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis dataKey="at" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis yAxisId="quests" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis yAxisId="xp" orientation="right" tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Line
            yAxisId="quests"
            type="stepAfter"
            dataKey="questsCompleted"
            name="Quests completed"
            stroke={BLUE}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            yAxisId="xp"
            type="stepAfter"
            dataKey="xpAwarded"
            name="XP awarded"
            stroke={AMBER}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function CoursesChart({ rows }: { rows: CourseFigures[] }) {
  return (
    <div className="chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis dataKey="course" tick={{ fontSize: 11 }} interval={0} />
          <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="count" dataKey="enrollments" name="Enrollments" fill="#93c5fd" isAnimationActive={false} />
          <Bar yAxisId="count" dataKey="completions" name="Completions" fill={BLUE} isAnimationActive={false} />
          <Bar yAxisId="rate" dataKey="passRate" name="Quiz pass rate" fill={GREEN} unit="%" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function AssistantChart({ rows, hitRate }: { rows: Array<{ queryType: string; questions: number }>; hitRate: number }) {
  return (
    <div className="chart">
      <ResponsiveContainer width="100%" height={210}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 24 }}>
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="queryType" width={96} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="questions" name="Questions" fill={BLUE} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <div
        className="meter"
        role="meter"
        aria-label="Answer cache hit rate"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(hitRate * 100)}
      >
        <span className="label">Cache hit rate</span>
        <span className="bar small">
          <span style={{ width: `${Math.round(hitRate * 100)}%` }} />
        </span>
        <strong>{Math.round(hitRate * 100)}%</strong>
      </div>
      {!rows.length && <p className="muted small">No question in the last 30 days.</p>}
    </div>
  );
}
