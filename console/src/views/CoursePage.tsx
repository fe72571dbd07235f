/**
 * A course: its modules and lessons, the learner's progress, a lesson's markdown, its quizzes. A
 * priced course is bought through its checkout page (Stripe's, or payments' local one), which
 * comes back to the success page; a completed course links its certificate.
 */
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import {
  CheckoutCourseDocument,
  CompleteLessonDocument,
  CourseDocument,
  EnrollDocument,
  LessonDocument,
} from '../generated/graphql';
import { linkTo } from '../router';
import { Loading, QueryError } from './common';
import { SafeMarkdown } from './SafeMarkdown';

export function CoursePage({ slug }: { slug: string }) {
  const { data, loading, error } = useQuery(CourseDocument, { variables: { slug } });
  const [enroll, enrolling] = useMutation(EnrollDocument, { refetchQueries: [CourseDocument] });
  const [checkout, checkingOut] = useMutation(CheckoutCourseDocument, {
    onCompleted: ({ checkoutCourse }) => window.location.assign(checkoutCourse.url),
  });
  const [lessonId, setLessonId] = useState<string>();
  if (loading) return <Loading />;
  if (error || !data?.course) return <QueryError error={error} />;
  const course = data.course;
  const enrollment = course.viewerEnrollment;
  const done = new Set(enrollment?.completedLessonIds ?? []);
  const lessons = course.modules.flatMap((module) => module.lessons);
  const open = lessonId ?? lessons.find((lesson) => !done.has(lesson.id))?.id ?? lessons[0]?.id;

  return (
    <div className="course-layout">
      <aside className="card">
        <h2>{course.title}</h2>
        <p className="muted small">
          {course.level.toLowerCase()} · {course.instructor.displayName}
        </p>
        {enrollment ? (
          <>
            <div
              className="bar"
              role="progressbar"
              aria-label="Course progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={enrollment.progressPercent}
            >
              <span style={{ width: `${enrollment.progressPercent}%` }} />
            </div>
            <p className="small">
              {enrollment.progressPercent}% done · {enrollment.status.toLowerCase()}
            </p>
            {enrollment.certificate && (
              <p className="small">
                <a href={enrollment.certificate.verifyUrl}>Your certificate ({enrollment.certificate.code})</a>
              </p>
            )}
          </>
        ) : course.price && course.price.amountCents > 0 ? (
          <button
            type="button"
            disabled={checkingOut.loading || Boolean(checkingOut.data)}
            onClick={() => void checkout({ variables: { courseId: course.id } })}
          >
            Buy for {formatMoney(course.price.amountCents, course.price.currency)}
          </button>
        ) : (
          <button type="button" disabled={enrolling.loading} onClick={() => void enroll({ variables: { courseId: course.id } })}>
            Enroll for free
          </button>
        )}
        {enrolling.error && <QueryError error={enrolling.error} />}
        {checkingOut.error && <QueryError error={checkingOut.error} />}
        <nav aria-label="Lessons">
          {course.modules.map((module) => (
            <div key={module.id}>
              <h3>{module.title}</h3>
              <ol className="lessons">
                {module.lessons.map((lesson) => (
                  <li key={lesson.id}>
                    <button
                      type="button"
                      className={`lesson-link${lesson.id === open ? ' current' : ''}`}
                      aria-current={lesson.id === open ? 'true' : undefined}
                      onClick={() => setLessonId(lesson.id)}
                    >
                      <span aria-hidden="true">{done.has(lesson.id) ? '✓' : '○'}</span> {lesson.title}
                      <span className="sr-only">{done.has(lesson.id) ? ' (done)' : ''}</span>
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </nav>
        {course.quizzes.length > 0 && (
          <>
            <h3>Quizzes</h3>
            <ul className="plain">
              {course.quizzes.map((quiz) => (
                <li key={quiz.id}>
                  <a {...linkTo(`/quizzes/${quiz.id}`)}>{quiz.title}</a>
                  <span className="muted small">
                    {' '}
                    · {quiz.questionCount} questions
                    {quiz.timeLimitSeconds ? ` · ${Math.round(quiz.timeLimitSeconds / 60)} min` : ''}
                    {quiz.required ? ' · required' : ''}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
      {open && <LessonView id={open} enrolled={Boolean(enrollment)} done={done.has(open)} />}
    </div>
  );
}

function LessonView({ id, enrolled, done }: { id: string; enrolled: boolean; done: boolean }) {
  const { data, loading, error } = useQuery(LessonDocument, { variables: { id } });
  const [complete, completing] = useMutation(CompleteLessonDocument, { refetchQueries: [CourseDocument] });
  if (loading) return <Loading />;
  if (error || !data?.lesson) return <QueryError error={error} />;
  return (
    <article className="card lesson" aria-labelledby="lesson-title">
      <h2 id="lesson-title">{data.lesson.title}</h2>
      <p className="muted small">{data.lesson.durationMinutes} min read</p>
      <SafeMarkdown>{data.lesson.content}</SafeMarkdown>
      {enrolled && (
        <button
          type="button"
          disabled={done || completing.loading}
          onClick={() => void complete({ variables: { lessonId: id } })}
        >
          {done ? 'Lesson done' : 'Mark as done'}
        </button>
      )}
      {completing.error && <QueryError error={completing.error} />}
    </article>
  );
}

/** An amount in minor units, shown in the reader's locale (2 decimals for EUR, none for JPY...). */
function formatMoney(amountCents: number, currency: string): string {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(amountCents / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
