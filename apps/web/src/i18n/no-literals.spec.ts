/// <reference types="node" />
// Reads the components' source with the TypeScript parser: a Node test, not app code.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('..', import.meta.url));

// Written by the issue-6 work, which brings its own strings through this layer.
const NOT_OURS = ['tutoring', 'inquiry', 'mentors', 'families'];

// Attributes whose value a person reads or hears.
const PEOPLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'legend',
  'hint',
  'caption',
  'summary',
  'what',
]);

/** Text that is not words: arrows, punctuation, "%", "·", "(", numbers. */
function hasWords(text: string): boolean {
  return /\p{L}{2,}/u.test(text);
}

function componentFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return NOT_OURS.includes(name) ? [] : componentFiles(path);
    return name.endsWith('.tsx') ? [path] : [];
  });
}

/** String literals that end up as the value of a JSX expression: `{ok ? 'Saved' : 'Failed'}`. */
function literalsRendered(expression: ts.Expression): ts.StringLiteralLike[] {
  if (ts.isStringLiteralLike(expression)) return [expression];
  if (ts.isParenthesizedExpression(expression)) return literalsRendered(expression.expression);
  if (ts.isConditionalExpression(expression)) {
    return [...literalsRendered(expression.whenTrue), ...literalsRendered(expression.whenFalse)];
  }
  if (ts.isBinaryExpression(expression)) {
    const op = expression.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      return [...literalsRendered(expression.left), ...literalsRendered(expression.right)];
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalsRendered(expression.right);
  }
  if (ts.isTemplateExpression(expression)) {
    return [expression.head, ...expression.templateSpans.map((span) => span.literal)].filter(
      (part) => hasWords(part.text),
    ) as unknown as ts.StringLiteralLike[];
  }
  return [];
}

/** Every English literal a person would meet in this source, as "file:line: text". */
function literalsIn(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push(`${relative(SRC, path)}:${line}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && PEOPLE_ATTRIBUTES.has(node.name.getText(source))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value) && hasWords(value.text)) report(node, value.text);
      if (value && ts.isJsxExpression(value) && value.expression) {
        for (const literal of literalsRendered(value.expression)) {
          if (hasWords(literal.text)) report(literal, literal.text);
        }
      }
    }
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const literal of literalsRendered(node.expression)) {
        if (hasWords(literal.text)) report(literal, literal.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('components', () => {
  it('render no English literal: every text, label and name comes from t()', () => {
    const files = componentFiles(SRC);
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((file) => literalsIn(file))).toEqual([]);
  });

  it('would notice a literal in text, in a label, in a conditional and in a template', () => {
    const probe = join(SRC, 'i18n', 'probe.tsx');
    const source = [
      'export const A = () => (',
      '  <p title="Hello there" aria-label={t(\'fine\')}>',
      '    Plain words',
      "    <b>{ok ? 'Yes sir' : t('no')}</b>",
      '    <i>{`Due ${day}`}</i>',
      '    <Field label="Your name" hint={t(\'fine\')} />',
      "    {t('fine')} → {count} %",
      '  </p>',
      ');',
    ].join('\n');
    expect(literalsIn(probe, source).map((found) => found.replace(/^[^:]*:/, ''))).toEqual([
      '2: Hello there',
      '3: Plain words',
      '4: Yes sir',
      '5: Due',
      '6: Your name',
    ]);
  });
});
