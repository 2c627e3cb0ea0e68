/**
 * Hostile "model answers" for testing renderMarkdown, here (unit, happy-dom) and in the browser e2e
 * suite. Every payload tries to run `window.__xss = 1` (or `alert(1)`), so an e2e test can render each
 * one in Chromium, try to trigger it (load, hover, click links), and assert `window.__xss` stays unset
 * and no dialog opened. Markdown payloads come first, then raw HTML (which `html: false` shows as
 * text), then mutation-XSS and parser-confusion classics.
 */

export interface XssPayload {
  name: string;
  payload: string;
}

const X = "window.__xss=1";

export const XSS_PAYLOADS: readonly XssPayload[] = [
  // markdown links and images
  { name: "md link javascript:", payload: `[click me](javascript:${X})` },
  { name: "md link mixed-case scheme", payload: `[click me](jAvAsCrIpT:${X})` },
  { name: "md link tab entity inside scheme", payload: `[click me](java&#x09;script:${X})` },
  { name: "md link newline entity inside scheme", payload: `[click me](java&#x0A;script:${X})` },
  { name: "md link entity-encoded letter", payload: `[click me](&#106;avascript:${X})` },
  { name: "md link &colon; entity", payload: `[click me](javascript&colon;${X})` },
  { name: "md link leading whitespace", payload: `[click me](   javascript:${X})` },
  { name: "md link angle-bracket destination", payload: `[click me](<javascript:${X}>)` },
  { name: "md link with title", payload: `[click me](javascript:${X} "title")` },
  { name: "md link percent-encoded scheme", payload: `[click me](javascript%3A${X})` },
  { name: "md link vbscript", payload: `[click me](vbscript:msgbox(1))\n\n[again](javascript:alert(1))` },
  { name: "md link data:text/html", payload: `[click me](data:text/html,<script>${X}</script>)` },
  { name: "md link data: base64", payload: "[click me](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)" },
  { name: "md link DATA: upper-case, percent-encoded", payload: "[click me](DATA:text/html,%3Cscript%3Ewindow.__xss%3D1%3C/script%3E)" },
  { name: "md reference-style link", payload: `[click me][evil]\n\n[evil]: javascript:${X}` },
  { name: "md link title breaking out of attribute", payload: `[click me](https://example.com "a\\" onmouseover=\\"${X}")` },
  { name: "md link href breaking out of attribute", payload: `[click me](https://example.com/"onmouseover="${X})` },
  { name: "md image javascript:", payload: `![x](javascript:${X})` },
  { name: "md image src quote breakout", payload: `![x](https://example.com/x.png"onerror="${X})` },
  { name: "md image data:svg with script", payload: `![x](data:image/svg+xml,<svg onload="${X}">)` },
  { name: "md autolink javascript:", payload: `<javascript:${X}>` },
  { name: "md autolink upper-case", payload: "<JAVASCRIPT:alert(1)>" },
  { name: "linkified URL followed by HTML", payload: `see https://example.com/<script>${X}</script> now` },
  // raw HTML in model text (html:false shows it as text; the sanitizer is the second wall)
  { name: "script tag", payload: `<script>${X}</script>` },
  { name: "script src data:", payload: `<script src="data:text/javascript,${X}"></script>` },
  { name: "split script tag", payload: `<scr<script>ipt>${X}</scr</script>ipt>` },
  { name: "img onerror", payload: `<img src=x onerror="${X}">` },
  { name: "img onerror unquoted, unclosed", payload: "<img src=x onerror=alert(1)//" },
  { name: "svg onload", payload: `<svg onload="${X}"></svg>` },
  { name: "svg script", payload: `<svg><script>${X}</script></svg>` },
  { name: "svg xlink:href javascript:", payload: `<svg><a xlink:href="javascript:${X}"><text x="20" y="20">click</text></a></svg>` },
  { name: "iframe srcdoc", payload: `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>` },
  { name: "iframe src javascript:", payload: `<iframe src="javascript:parent.__xss=1"></iframe>` },
  { name: "object data javascript:", payload: `<object data="javascript:${X}"></object>` },
  { name: "embed data:text/html", payload: `<embed src="data:text/html,<script>${X}</script>">` },
  { name: "a href with leading spaces", payload: `<a href="  javascript:${X}">click me</a>` },
  { name: "a href with encoded newline", payload: `<a href="jav&#x0A;ascript:${X}">click me</a>` },
  { name: "a onclick", payload: `<a href="#" onclick="${X}">click me</a>` },
  { name: "a href data:text/html", payload: `<a href="data:text/html,<script>${X}</script>">click me</a>` },
  { name: "style tag with javascript: url", payload: `<style>body{background:url("javascript:${X}")}</style>` },
  { name: "style attribute expression()", payload: `<div style="width: expression(${X})">x</div>` },
  { name: "math href", payload: `<math href="javascript:${X}"><mi>CLICK</mi></math>` },
  { name: "math mglyph style mXSS", payload: `<math><mtext><table><mglyph><style><img src=x onerror="${X}">` },
  { name: "noscript attribute mXSS", payload: `<noscript><p title="</noscript><img src=x onerror=${X}>">` },
  { name: "comment breakout", payload: `<!--<img src="--><img src=x onerror=${X}//">` },
  { name: "form action", payload: `<form action="javascript:${X}"><button>go</button></form>` },
  { name: "button formaction", payload: `<button formaction="javascript:${X}">go</button>` },
  { name: "input autofocus onfocus", payload: `<input autofocus onfocus="${X}">` },
  { name: "details ontoggle", payload: `<details open ontoggle="${X}"><summary>x</summary></details>` },
  { name: "body onload", payload: `<body onload="${X}">` },
  { name: "custom element onmouseover", payload: `<x-el onmouseover="${X}">hover me</x-el>` },
  { name: "video source onerror", payload: `<video><source onerror="${X}"></video>` },
  { name: "meta refresh", payload: `<meta http-equiv="refresh" content="0;url=javascript:${X}">` },
  { name: "base href", payload: `<base href="javascript:${X}//">` },
  { name: "link stylesheet", payload: `<link rel="stylesheet" href="javascript:${X}">` },
  { name: "template content", payload: `<template><img src=x onerror="${X}"></template>` },
  // code: must stay inert text
  { name: "HTML inside a fenced html block", payload: "```html\n<script>window.__xss=1</script>\n<img src=x onerror=\"window.__xss=1\">\n```" },
  { name: "HTML inside an unlabelled fence (auto-detect)", payload: "```\n<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>\n```" },
  { name: "fence info string with quotes", payload: '```js" onmouseover="window.__xss=1\nconst a = 1;\n```' },
  { name: "HTML inside inline code", payload: "`<img src=x onerror=alert(1)>`" },
  { name: "HTML in a table cell", payload: `| a |\n|---|\n| <img src=x onerror="${X}"> |` },
  { name: "HTML in a heading and a list", payload: `# <script>${X}</script>\n\n- <svg onload="${X}">` },
];
