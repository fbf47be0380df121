import { test } from 'node:test';
import assert from 'node:assert/strict';
import { greetingIssue, placeholderIssues } from '../../src/validate/template.ts';

const placeholderCases: [string, string[]][] = [
  ['Hi {{first_name}},', ['{{first_name}}']],
  ['Hi {{ worker.name }}, shift {{date}}', ['{{ worker.name }}', '{{date}}']],
  ['Hi {{name}} and {{name}}', ['{{name}}']],
  ['Hi [FIRST_NAME],', ['[FIRST_NAME]']],
  ['Shift at [SITE] on [SHIFT_DATE_2]', ['[SITE]', '[SHIFT_DATE_2]']],
  ['Hi <name>,', ['<name>']],
  ['Hi <FIRST_NAME>, see <first name>', ['<FIRST_NAME>', '<first name>']],
  ['Dear <title> <surname>', ['<title>', '<surname>']],
  ['Hi %FIRST_NAME%', ['%FIRST_NAME%']],
  ['Hi ${firstName}', ['${firstName}']],
  ['Hi {first_name}', ['{first_name}']],
  ['Hi Maria, see you at 7.', []],
  ['[URGENT] Shift tomorrow', []],
  ['Pick option [a] or [b]', []],
  ['I <3 this crew', []],
  ['if a < b > c then', []],
  ['Line one<br>line two<br/>', []],
  ['<p>Hi <b>Maria</b>, <i>thanks</i></p>', []],
  ['Reply to <maria@example.com>', []],
  ['<https://example.com/shift>', []],
  ['50% more, 20% less', []],
  ['Pay is $25/hr {cash}', ['{cash}']],
  ['JSON {"a": 1}', []],
];

for (const [text, tokens] of placeholderCases) {
  test(`placeholderIssues ${JSON.stringify(text)} -> [${tokens.join(' ')}]`, () => {
    const issues = placeholderIssues(text, 'body');
    assert.equal(issues.length, tokens.length);
    issues.forEach((found, index) => {
      assert.equal(found.code, 'unresolved_placeholder');
      assert.equal(found.field, 'body');
      assert.ok(found.message.includes(tokens[index]), found.message);
    });
  });
}

const greetingCases: [string, string, boolean][] = [
  ['Hi Maria, shift tomorrow', 'Maria Lopez', false],
  ['Hello Lopez', 'Maria Lopez', false],
  ['Dear Ms. Lopez,', 'Maria Lopez', false],
  ['Hi María,', 'Maria Lopez', false],
  ['Hi Maria Lopez,', 'Maria Lopez', false],
  ['Hi there, shift tomorrow', 'Maria Lopez', false],
  ['Hello team,', 'Maria Lopez', false],
  ['Good morning Everyone!', 'Maria Lopez', false],
  ['Shift tomorrow, John will meet you', 'Maria Lopez', false],
  ['Hi, are you free?', 'Maria Lopez', false],
  ['Hi Maria Thanks for yesterday', 'Maria Lopez', false],
  ['Hi John,', 'Maria Lopez', true],
  ['Hello John', 'Maria Lopez', true],
  ['Dear Mr. Smith,', 'Maria Lopez', true],
  ['Good afternoon, Ana.', 'Maria Lopez', true],
  ['Hi Maria Garcia,', 'Maria Lopez', true],
  ['  Hey Jose,\nShift', 'Maria Lopez', true],
];

for (const [body, name, warns] of greetingCases) {
  test(`greetingIssue ${JSON.stringify(body)} to ${name} -> ${warns ? 'warning' : 'none'}`, () => {
    const found = greetingIssue(body, name);
    assert.equal(found?.code ?? null, warns ? 'greeting_name_mismatch' : null);
    if (found) assert.equal(found.field, 'body');
  });
}
