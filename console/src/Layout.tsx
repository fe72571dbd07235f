/** The signed-in frame: navigation, live XP and notifications, and the page of the current path. */
import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { ProgressDocument } from './generated/graphql';
import { useLiveLearner, type Toast } from './live';
import { linkTo, usePath } from './router';
import type { SessionUser } from './session';
import { Analytics } from './views/Analytics';
import { Assistant } from './views/Assistant';
import { CoursePage } from './views/CoursePage';
import { Courses } from './views/Courses';
import { Home } from './views/Home';
import { QuestPlay } from './views/QuestPlay';
import { Quests } from './views/Quests';
import { QuizPage } from './views/QuizPage';

const isAnalyst = (user: SessionUser) => user.roles.some((role) => role === 'ANALYST' || role === 'ADMIN');

function page(path: string, user: SessionUser): { title: string; body: ReactNode } {
  const [, section, id] = path.split('/');
  if (section === 'courses' && id) return { title: 'Course', body: <CoursePage slug={decodeURIComponent(id)} /> };
  if (section === 'courses') return { title: 'Courses', body: <Courses /> };
  if (section === 'quests' && id) return { title: 'Quest', body: <QuestPlay slug={decodeURIComponent(id)} /> };
  if (section === 'quests') return { title: 'Quests', body: <Quests /> };
  if (section === 'quizzes' && id) return { title: 'Quiz', body: <QuizPage id={decodeURIComponent(id)} /> };
  if (section === 'assistant') return { title: 'Assistant', body: <Assistant /> };
  if (section === 'analytics' && isAnalyst(user))
    return { title: 'Analytics', body: <Analytics admin={user.roles.includes('ADMIN')} /> };
  return { title: 'My progress', body: <Home /> };
}

export function Layout({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }) {
  const path = usePath();
  const toasts = useLiveLearner(user.id);
  const { data } = useQuery(ProgressDocument);
  const me = data?.me;
  const { title, body } = page(path, user);
  const nav = [
    ['/', 'Progress'],
    ['/courses', 'Courses'],
    ['/quests', 'Quests'],
    ['/assistant', 'Assistant'],
    ...(isAnalyst(user) ? [['/analytics', 'Analytics']] : []),
  ] as const;
  const active = (to: string) => (to === '/' ? path === '/' : path.startsWith(to));

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" {...linkTo('/')}>
          <img src="/console/favicon.svg" alt="" width="28" height="28" />
          <span>DoctorPy</span>
        </a>
        <nav aria-label="Main">
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <a {...linkTo(to)} aria-current={active(to) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {me && (
            <span className="xp-chip" data-testid="header-xp" aria-label={`${me.xp} XP, level ${me.level}`}>
              <strong>{me.xp}</strong> XP · Lv {me.level}
            </span>
          )}
          <span className="name">{user.displayName}</span>
          <button type="button" className="ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 className="page-title">{title}</h1>
        {body}
      </main>
      <Toasts toasts={toasts} />
    </div>
  );
}

function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <strong>{toast.title}</strong>
          <span>{toast.body}</span>
        </div>
      ))}
    </div>
  );
}
