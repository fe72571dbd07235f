/** The gateway's GraphQL endpoint on the origin that served the page (HTTP and WebSocket). */
export function graphqlUrls(): { http: string; ws: string } {
  const http = new URL('/graphql', window.location.href);
  const ws = new URL(http);
  ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  return { http: http.href, ws: ws.href };
}
