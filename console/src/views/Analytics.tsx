/**
 * Analysts' and admins' dashboard: the live activity feed (filtered by event type), platform,
 * course and assistant figures as charts refreshed as events arrive, and (admins) dead letters.
 */
import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActivityDocument, CourseFiguresDocument, DashboardDocument } from '../generated/graphql';
import { ActivityFeed } from './ActivityFeed';
import { AssistantChart, CoursesChart, PlatformChart, type CourseFigures, type PlatformSample } from './charts';
import { QueryError } from './common';
import { DeadLetters } from './DeadLetters';

/** Figures are re-read at most this often while events stream in. */
const REFRESH_MS = 750;

export function Analytics({ admin }: { admin: boolean }) {
  const client = useApolloClient();
  const dashboard = useQuery(DashboardDocument, { fetchPolicy: 'network-only' });
  const [samples, setSamples] = useState<PlatformSample[]>([]);
  const [courses, setCourses] = useState<CourseFigures[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);

  // Every event (whatever the feed's filter) may move a figure: re-read them, debounced.
  useSubscription(ActivityDocument, {
    variables: {},
    onData: () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = undefined;
        void dashboard.refetch();
      }, REFRESH_MS);
    },
  });
  useEffect(() => () => clearTimeout(pending.current), []);

  const stats = dashboard.data?.platformStats;
  useEffect(() => {
    if (!stats) return;
    setSamples((previous) => [
      ...previous.slice(-59),
      { at: new Date().toLocaleTimeString(), questsCompleted: stats.questsCompleted, xpAwarded: stats.xpAwarded },
    ]);
  }, [stats]);

  const courseList = useMemo(() => dashboard.data?.courses.edges.map((edge) => edge.node) ?? [], [dashboard.data]);
  useEffect(() => {
    if (!courseList.length) return;
    let current = true;
    void Promise.all(
      courseList.map(async (course) => {
        const { data } = await client.query({
          query: CourseFiguresDocument,
          variables: { courseId: course.id },
          fetchPolicy: 'network-only',
        });
        const figures = data?.courseStats;
        return {
          course: course.title,
          completions: figures?.completions ?? 0,
          enrollments: figures?.enrollments ?? 0,
          passRate: figures?.quizAttempts ? Math.round((figures.quizzesPassed / figures.quizAttempts) * 100) : 0,
        };
      }),
    ).then((rows) => current && setCourses(rows));
    return () => {
      current = false;
    };
  }, [client, courseList, stats]);

  const assistant = dashboard.data?.assistantStats;
  return (
    <div className="analytics">
      {dashboard.error && <QueryError error={dashboard.error} />}
      <section aria-label="Platform figures" className="tiles">
        <Tile label="Learners" value={stats?.learners} id="learners" />
        <Tile label="Quests completed" value={stats?.questsCompleted} id="questsCompleted" />
        <Tile label="XP awarded" value={stats?.xpAwarded} id="xpAwarded" />
        <Tile label="Courses published" value={stats?.coursesPublished} id="coursesPublished" />
        <Tile label="Assistant questions (30 d)" value={assistant?.questions} id="assistantQuestions" />
        <Tile
          label="Assistant cache hit rate"
          value={assistant ? `${Math.round(assistant.cacheHitRate * 100)}%` : undefined}
          id="cacheHitRate"
        />
      </section>
      <div className="grid two">
        <section className="card" aria-labelledby="over-time">
          <h2 id="over-time">
            Completions and XP over time <span className="live-dot">live</span>
          </h2>
          <PlatformChart samples={samples} />
        </section>
        <section className="card" aria-labelledby="by-course">
          <h2 id="by-course">Courses: completions and quiz pass rate</h2>
          <CoursesChart rows={courses} />
        </section>
        <section className="card" aria-labelledby="assistant-types">
          <h2 id="assistant-types">Assistant questions by type</h2>
          <AssistantChart rows={assistant?.byQueryType ?? []} hitRate={assistant?.cacheHitRate ?? 0} />
        </section>
        <ActivityFeed />
      </div>
      {admin && <DeadLetters />}
    </div>
  );
}

function Tile({ label, value, id }: { label: string; value: number | string | undefined; id: string }) {
  return (
    <div className="tile">
      <span className="figure" data-testid={`stat-${id}`}>
        {value ?? '–'}
      </span>
      <span className="label">{label}</span>
    </div>
  );
}
