/**
 * @deprecated The in-process test stack moved beside the gateway (`#gateway/testing/stack.ts`:
 * startTestStack, TestStack, TestUser); `eventually` and `unique` live in ./helpers.ts. This
 * re-export keeps older imports of the two helpers working.
 */
export { eventually, unique } from './helpers.ts';
