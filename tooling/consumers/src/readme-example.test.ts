import { firstTypeScriptBlock } from './readme-example';

describe('firstTypeScriptBlock', () => {
  it('returns the first ts block and the line it starts on', () => {
    const md = ['# pkg', '', '```sh', 'npm i pkg', '```', '', '```ts', "import { a } from 'pkg';", 'a();', '```', '', '```ts', 'second();', '```'].join('\n');
    expect(firstTypeScriptBlock(md)).toEqual({ code: "import { a } from 'pkg';\na();\n", line: 8 });
  });

  it('accepts `typescript`, tildes, longer fences and CRLF line ends', () => {
    expect(firstTypeScriptBlock('~~~typescript\r\nx();\r\n~~~\r\n')?.code).toBe('x();\n');
    expect(firstTypeScriptBlock('````ts\n```\ninner\n```\n````\n')?.code).toBe('```\ninner\n```\n');
  });

  it('does not take a ts fence shown inside another block', () => {
    const md = '````md\n```ts\nnot this\n```\n````\n\n```ts\nthis();\n```\n';
    expect(firstTypeScriptBlock(md)?.code).toBe('this();\n');
  });

  it('returns undefined without a ts block', () => {
    expect(firstTypeScriptBlock('# pkg\n\n```js\nx()\n```\n')).toBeUndefined();
    expect(firstTypeScriptBlock('')).toBeUndefined();
  });

  it('takes an unclosed block to the end of the file', () => {
    expect(firstTypeScriptBlock('```ts\na();\n')?.code).toBe('a();\n\n');
  });
});
