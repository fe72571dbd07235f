/** A quest played step by step: one prompt at a time, hints on demand, the score and XP at the end. */
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { QuestDocument, StartQuestDocument, SubmitAnswerDocument, type StepFieldsFragment } from '../generated/graphql';
import { linkTo } from '../router';
import { Loading, QueryError } from './common';
import { SafeMarkdown } from './SafeMarkdown';

export function QuestPlay({ slug }: { slug: string }) {
  const { data, loading, error } = useQuery(QuestDocument, { variables: { slug } });
  const [start, starting] = useMutation(StartQuestDocument, { refetchQueries: [QuestDocument], awaitRefetchQueries: true });
  const [submit, submitting] = useMutation(SubmitAnswerDocument);
  const [feedback, setFeedback] = useState<{ correct: boolean; text: string; hint?: string | null }>();

  if (loading) return <Loading />;
  if (error || !data?.quest) return <QueryError error={error} />;
  const quest = data.quest;
  const progress = quest.viewerProgress;
  const step = progress?.status === 'IN_PROGRESS' ? progress.currentStep : undefined;
  const solved = progress?.steps.filter((item) => item.solved).length ?? 0;

  async function answer(value: string) {
    if (!progress || !step) return;
    const result = await submit({ variables: { progressId: progress.id, stepId: step.id, answer: value } });
    const outcome = result.data?.submitAnswer;
    if (!outcome) return;
    setFeedback({ correct: outcome.correct, text: outcome.feedback, hint: outcome.hint });
  }

  return (
    <article className="card quest-play" aria-labelledby="quest-title">
      <h2 id="quest-title">{quest.title}</h2>
      <SafeMarkdown>{quest.description}</SafeMarkdown>
      <p className="meta">
        {quest.stepCount} steps · {quest.xpReward} XP on the first completion
      </p>
      {!progress || (progress.status !== 'IN_PROGRESS' && progress.status !== 'COMPLETED') ? (
        <button type="button" disabled={starting.loading} onClick={() => void start({ variables: { questId: quest.id } })}>
          Start the quest
        </button>
      ) : progress.status === 'COMPLETED' ? (
        <div className="result" role="status" data-testid="quest-result">
          <h3>Quest complete</h3>
          <p>
            Score <strong>{progress.score}</strong> · <strong>{progress.xpAwarded ?? 0} XP</strong>
          </p>
          <a className="button" {...linkTo('/')}>
            See my progress
          </a>{' '}
          <a className="button secondary" {...linkTo('/quests')}>
            Another quest
          </a>
        </div>
      ) : (
        step && (
          <>
            <div
              className="bar"
              role="progressbar"
              aria-label="Steps solved"
              aria-valuemin={0}
              aria-valuemax={quest.stepCount}
              aria-valuenow={solved}
            >
              <span style={{ width: `${(solved / quest.stepCount) * 100}%` }} />
            </div>
            <StepForm
              key={step.id}
              step={step}
              number={step.position}
              total={quest.stepCount}
              busy={submitting.loading}
              onAnswer={(value) => void answer(value)}
            />
          </>
        )
      )}
      {feedback && (
        <div role="status" data-testid="feedback">
          <p className={feedback.correct ? 'success' : 'error'}>{feedback.text}</p>
          {!feedback.correct && feedback.hint && (
            <aside className="hint" aria-label="Hint">
              <strong>Hint</strong>
              <SafeMarkdown>{feedback.hint}</SafeMarkdown>
            </aside>
          )}
        </div>
      )}
      {(starting.error || submitting.error) && <QueryError error={starting.error ?? submitting.error} />}
    </article>
  );
}

function StepForm(props: {
  step: StepFieldsFragment;
  number: number;
  total: number;
  busy: boolean;
  onAnswer: (value: string) => void;
}) {
  const { step } = props;
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) props.onAnswer(value);
  };
  return (
    <form onSubmit={submit} className="step" aria-labelledby="step-title">
      <h3 id="step-title">
        Step {props.number} of {props.total}
      </h3>
      <SafeMarkdown>{step.prompt}</SafeMarkdown>
      {step.kind === 'MULTIPLE_CHOICE' ? (
        <fieldset>
          <legend className="sr-only">Choices</legend>
          {step.choices.map((choice) => (
            <label key={choice.label} className="choice">
              <input type="radio" name="choice" value={choice.label} onChange={() => setValue(choice.label)} />
              <span>
                <code>{choice.text}</code>
              </span>
            </label>
          ))}
        </fieldset>
      ) : step.kind === 'CODE' ? (
        <label>
          Your code
          <textarea
            rows={4}
            spellCheck={false}
            className="code"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
      ) : (
        <label>
          Your answer
          <input
            inputMode={step.kind === 'NUMERIC' ? 'decimal' : 'text'}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
      )}
      <button type="submit" disabled={props.busy || !value.trim()}>
        Check my answer
      </button>
    </form>
  );
}
