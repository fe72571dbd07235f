/** A quiz attempt: its questions, answers saved as they are given, the countdown to its deadline, the grade. */
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import {
  AnswerQuestionDocument,
  QuizDocument,
  StartQuizAttemptDocument,
  SubmitQuizAttemptDocument,
  type AttemptFieldsFragment,
} from '../generated/graphql';
import { Loading, QueryError } from './common';
import { SafeMarkdown } from './SafeMarkdown';

const CHOICE_KINDS = new Set(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE']);

export function QuizPage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(QuizDocument, { variables: { id } });
  const [attempt, setAttempt] = useState<AttemptFieldsFragment>();
  const [start, starting] = useMutation(StartQuizAttemptDocument);
  const [answer] = useMutation(AnswerQuestionDocument);
  const [submit, submitting] = useMutation(SubmitQuizAttemptDocument);
  if (loading) return <Loading />;
  if (error || !data?.quiz) return <QueryError error={error} />;
  const quiz = data.quiz;
  const open = attempt?.status === 'IN_PROGRESS';
  const selected = (questionId: string) => attempt?.answers.find((item) => item.question.id === questionId)?.selected ?? [];

  async function save(questionId: string, value: string[]) {
    if (!attempt) return;
    const result = await answer({ variables: { attemptId: attempt.id, questionId, answer: value } });
    if (result.data) setAttempt(result.data.answerQuestion);
  }

  return (
    <article className="card quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{quiz.title}</h2>
      <SafeMarkdown>{quiz.description}</SafeMarkdown>
      <p className="meta">
        Pass at {quiz.passingScore}% {quiz.timeLimitSeconds ? `· ${Math.round(quiz.timeLimitSeconds / 60)} minutes` : ''}
        {quiz.maxAttempts ? ` · ${quiz.maxAttempts} attempts` : ''}
      </p>
      {!attempt && (
        <button
          type="button"
          disabled={starting.loading}
          onClick={() =>
            void start({ variables: { quizId: quiz.id } }).then((result) => setAttempt(result.data?.startQuizAttempt))
          }
        >
          Start an attempt
        </button>
      )}
      {open && attempt.deadline && <Countdown deadline={attempt.deadline} onExpired={() => void 0} />}
      {attempt && !open && (
        <div className="result" role="status">
          <h3>{attempt.status === 'EXPIRED' ? 'Time is up' : 'Submitted'}</h3>
          <p>
            Score <strong>{attempt.score ?? 0}%</strong> · {attempt.passed ? 'passed' : 'not passed'}
          </p>
        </div>
      )}
      {open && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit({ variables: { attemptId: attempt.id } }).then((result) => setAttempt(result.data?.submitQuizAttempt));
          }}
        >
          {quiz.questions?.map((question, index) => (
            <fieldset key={question.id} className="question">
              <legend>
                {index + 1}. <span className="sr-only">({question.points} points)</span>
              </legend>
              <SafeMarkdown>{question.prompt}</SafeMarkdown>
              {CHOICE_KINDS.has(question.kind) ? (
                question.choices.map((choice) => {
                  const multiple = question.kind === 'MULTIPLE_CHOICE';
                  const current = selected(question.id);
                  return (
                    <label key={choice.label} className="choice">
                      <input
                        type={multiple ? 'checkbox' : 'radio'}
                        name={question.id}
                        checked={current.includes(choice.label)}
                        onChange={(event) =>
                          void save(
                            question.id,
                            multiple
                              ? event.target.checked
                                ? [...current, choice.label]
                                : current.filter((label) => label !== choice.label)
                              : [choice.label],
                          )
                        }
                      />
                      <span>{choice.text}</span>
                    </label>
                  );
                })
              ) : (
                <label>
                  Your answer
                  <input
                    defaultValue={selected(question.id)[0] ?? ''}
                    onBlur={(event) => void save(question.id, [event.target.value])}
                  />
                </label>
              )}
            </fieldset>
          ))}
          <button type="submit" disabled={submitting.loading}>
            Submit my answers
          </button>
        </form>
      )}
      {(starting.error || submitting.error) && <QueryError error={starting.error ?? submitting.error} />}
    </article>
  );
}

/** Seconds left until the deadline the server set (the server grades at its deadline whatever the page shows). */
function Countdown({ deadline, onExpired }: { deadline: string; onExpired: () => void }) {
  const end = new Date(deadline).getTime();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.round((end - now) / 1000));
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, '0');
  return (
    <p className={`countdown${left < 60 ? ' urgent' : ''}`} role="timer" aria-live={left < 60 ? 'polite' : 'off'}>
      Time left <strong>{`${minutes}:${seconds}`}</strong>
    </p>
  );
}
