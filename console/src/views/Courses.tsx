/** The course catalogue, searchable. */
import { useQuery } from '@apollo/client/react';
import { useDeferredValue, useState } from 'react';
import { CoursesDocument } from '../generated/graphql';
import { linkTo } from '../router';
import { Loading, QueryError } from './common';

export function Courses() {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const { data, loading, error } = useQuery(CoursesDocument, { variables: { search: deferred || undefined, first: 50 } });
  return (
    <>
      <form className="searchbar" role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="course-search">Search courses</label>
        <input
          id="course-search"
          type="search"
          placeholder="e.g. functions, lists…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </form>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <QueryError error={error} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {data?.courses.totalCount ?? 0} course{data?.courses.totalCount === 1 ? '' : 's'}
          </p>
          <ul className="cards">
            {data?.courses.edges.map(({ node: course }) => (
              <li key={course.id} className="card course">
                <h2>
                  <a {...linkTo(`/courses/${course.slug}`)}>{course.title}</a>
                </h2>
                <p>{course.description}</p>
                <p className="meta">
                  <span className="tag">{course.level.toLowerCase()}</span> {course.lessonCount} lessons ·{' '}
                  {course.durationMinutes} min · {course.instructor.displayName}
                </p>
                {course.viewerEnrollment && (
                  <div className="bar small" aria-label={`${course.viewerEnrollment.progressPercent}% done`}>
                    <span style={{ width: `${course.viewerEnrollment.progressPercent}%` }} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
