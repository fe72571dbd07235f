/** A question to the assistant, answered from the platform's lessons and quests, with its citations. */
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { AskAssistantDocument } from '../generated/graphql';
import { linkTo } from '../router';
import { QueryError } from './common';
import { SafeMarkdown } from './SafeMarkdown';

export function Assistant() {
  const [question, setQuestion] = useState('');
  const [ask, { data, loading, error }] = useMutation(AskAssistantDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) void ask({ variables: { input: { question: question.trim() } } });
  };
  const answer = data?.askAssistant;
  return (
    <div className="grid">
      <form className="card" onSubmit={submit}>
        <label htmlFor="question">Ask a Python question</label>
        <textarea
          id="question"
          rows={3}
          maxLength={4000}
          placeholder="What is the difference between a list and a tuple?"
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
        />
        <button type="submit" disabled={loading || !question.trim()}>
          {loading ? 'Thinking…' : 'Ask'}
        </button>
      </form>
      {error && <QueryError error={error} />}
      {answer && (
        <section className="card" aria-labelledby="answer-title" aria-live="polite">
          <h2 id="answer-title">
            Answer <span className="tag">{answer.queryType.toLowerCase().replace('_', ' ')}</span>
            {answer.cached && <span className="tag">cached</span>}
          </h2>
          <SafeMarkdown>{answer.answer}</SafeMarkdown>
          <h3>Sources</h3>
          <ol className="citations">
            {answer.citations.map((citation, index) => (
              <li key={`${citation.url}-${index}`}>
                {citation.lesson ? (
                  <a {...linkTo(`/courses/${citation.lesson.course.slug}`)}>{citation.title}</a>
                ) : citation.quest ? (
                  <a {...linkTo(`/quests/${citation.quest.slug}`)}>{citation.title}</a>
                ) : (
                  <strong>{citation.title}</strong>
                )}
                <blockquote>{citation.snippet}</blockquote>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
