/**
 * Markdown rendered as React elements, never as HTML: raw HTML in the source is dropped (not
 * rendered, not escaped into the page), and links are limited to http(s), mailto and relative URLs.
 */
import Markdown, { defaultUrlTransform } from 'react-markdown';

const safeUrl = (url: string) =>
  /^(https?:|mailto:|\/|#)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url) ? defaultUrlTransform(url) : '';

export function SafeMarkdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <Markdown skipHtml urlTransform={safeUrl}>
        {children}
      </Markdown>
    </div>
  );
}
