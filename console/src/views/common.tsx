/** Small pieces every page uses. */
import type { ErrorLike } from '@apollo/client';

export const Loading = () => (
  <p className="muted" role="status">
    Loading…
  </p>
);

export const QueryError = ({ error }: { error?: ErrorLike }) => (
  <p className="error" role="alert">
    {error?.message ?? 'Not found.'}
  </p>
);
