import { issue, type Issue } from './verdict.ts';

const PLACEHOLDERS: RegExp[] = [
  /\{\{[^{}]*\}\}/g,
  /\$\{[^{}]*\}/g,
  /(?<![{$])\{[A-Za-z_][A-Za-z0-9_.]*\}(?!\})/g,
  /\[[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\]/g,
  /<[A-Za-z][A-Za-z0-9]*(?:[ _-][A-Za-z0-9]+)*>/g,
  /%[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*%/g,
];

// Bracketed capitals that are subject-line tags by convention, not template slots.
const BRACKET_TAGS = new Set([
  'URGENT',
  'FYI',
  'UPDATE',
  'UPDATED',
  'REMINDER',
  'IMPORTANT',
  'EXTERNAL',
  'NEW',
  'INFO',
  'ASAP',
  'ACTION',
  'CONFIRMED',
  'CANCELLED',
  'CANCELED',
  'FILLED',
  'OK',
]);
// Plain formatting tags a coordinator may paste from a rich-text editor.
const HTML_TAGS = new Set([
  'a',
  'b',
  'i',
  'u',
  's',
  'p',
  'br',
  'hr',
  'em',
  'strong',
  'small',
  'sub',
  'sup',
  'span',
  'div',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'html',
  'head',
  'body',
  'center',
  'font',
  'wbr',
]);

const GREETING =
  /^\s*(?:hi|hello|hey|hiya|dear|greetings|good[ \t]+(?:morning|afternoon|evening))\b[ \t]*,?[ \t]*(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+)?/i;
// Kept apart from GREETING: under the i flag \p{Lu} would match lower case too.
const GREETED = /^\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*){0,2}/u;
// Words that follow a greeting without naming anyone ("Hi there", "Hello Team", "Hi, Are you free?").
const NOT_NAMES = new Set([
  'there',
  'all',
  'team',
  'everyone',
  'everybody',
  'folks',
  'friend',
  'friends',
  'guys',
  'again',
  'sir',
  'madam',
  'colleague',
  'colleagues',
  'crew',
  'staff',
  'worker',
  'workers',
  'member',
  'members',
  'are',
  'can',
  'could',
  'would',
  'will',
  'do',
  'did',
  'is',
  'i',
  'we',
  'you',
  'your',
  'this',
  'the',
  'just',
  'please',
  'thanks',
  'thank',
  'hope',
  'how',
  'what',
  'quick',
  'good',
  'great',
  'a',
  'an',
  'our',
  'new',
]);

export function placeholderIssues(text: string, field: string): Issue[] {
  const found = new Set<string>();
  for (const pattern of PLACEHOLDERS) {
    for (const [token] of text.matchAll(pattern)) {
      if (isPlaceholder(token)) found.add(token);
    }
  }
  return [...found].map((token) =>
    issue('unresolved_placeholder', `The ${field} still contains the template placeholder ${token}; fill it in or remove it.`, field),
  );
}

function isPlaceholder(token: string): boolean {
  if (token.startsWith('[')) return !BRACKET_TAGS.has(token.slice(1, -1));
  if (token.startsWith('<')) return !HTML_TAGS.has(token.slice(1, -1).toLowerCase());
  return true;
}

/** Warning when the opening greeting names someone who is not the worker (by any part of the name on file). */
export function greetingIssue(body: string, workerName: string): Issue | null {
  const greeting = GREETING.exec(body);
  const rest = greeting ? body.slice(greeting[0].length) : '';
  const name = GREETED.exec(rest)?.[0];
  if (!name) return null;
  // "Hi Maria Lopez," names a whole name; in "Hi Maria Thanks for..." only the first word is the name.
  const endsName = /^\s*(?:[,.:;!—–-]|$)/m.test(rest.slice(name.length));
  const greeted = endsName ? name : name.split(/[ \t]+/)[0];
  const words = greeted.split(/[ \t]+/).map(foldName);
  if (NOT_NAMES.has(words[0])) return null;
  const own = new Set(
    workerName
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(foldName),
  );
  if (words.every((word) => own.has(word))) return null;
  return issue('greeting_name_mismatch', `The greeting names "${greeted}", but this draft goes to ${workerName.trim()}.`, 'body');
}

function foldName(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']s$/, '')
    .toLowerCase();
}
