import MarkdownIt from "markdown-it";
import { Window } from "happy-dom";
import { afterAll, describe, expect, it } from "vitest";
import { LINK_REL, renderMarkdown, safeHref, XSS_PAYLOADS } from "./index";

// happy-dom with its safe defaults: no script evaluation, no iframe/CSS/image loading.
const window = new Window({ url: "https://app.test/annotate" });
afterAll(() => window.happyDOM.close());

function parse(html: string) {
  const div = window.document.createElement("div");
  div.innerHTML = html;
  return div;
}

// Written independently of sanitize-policy.ts on purpose: what may appear in rendered model text.
const OK_TAGS = new Set(
  "p br hr h1 h2 h3 h4 h5 h6 blockquote pre code span em strong s del sup sub ul ol li table thead tbody tr th td a".split(" "),
);
const OK_CLASS = /^(hljs|hljs-[a-z0-9-]+|[a-z]+_{1,2}|language-[A-Za-z0-9_+#.-]+)$/;

/** Everything in `html` that could run script, load something, or restyle the page. */
function dangers(html: string): string[] {
  const found: string[] = [];
  for (const el of parse(html).querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (!OK_TAGS.has(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const n = attr.name.toLowerCase();
      const value = attr.value ?? "";
      if (n.startsWith("on")) found.push(`${tag}[${n}]`);
      else if (/^\s*(javascript|vbscript|data)\s*:/i.test(value.replace(/[\u0000-\u001f]/g, ""))) {
        found.push(`${tag}[${n}=${value.slice(0, 30)}]`);
      } else if (n === "href") {
        if (!/^(https?:\/\/[^\s]|mailto:|#)/i.test(value)) found.push(`${tag}[href=${value.slice(0, 30)}]`);
        if (el.getAttribute("rel") !== LINK_REL || el.getAttribute("target") !== "_blank") found.push(`${tag} without rel/target`);
      } else if (n === "style") {
        if (!((tag === "td" || tag === "th") && /^text-align:(left|right|center);?$/.test(value))) found.push(`${tag}[style=${value}]`);
      } else if (n === "class") {
        if (!value.split(/\s+/).every((c) => OK_CLASS.test(c))) found.push(`${tag}[class=${value}]`);
      } else if (!["title", "rel", "target", "start"].includes(n)) {
        found.push(`${tag}[${n}]`);
      }
    }
  }
  return found;
}

describe("XSS payloads", () => {
  it("has at least 25 named payloads, each trying to set window.__xss or call alert", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(XSS_PAYLOADS.map((p) => p.name)).size).toBe(XSS_PAYLOADS.length);
    for (const p of XSS_PAYLOADS) expect(p.payload, p.name).toMatch(/__xss|alert\(|;base64,/);
  });

  it.each(XSS_PAYLOADS.map((p) => [p.name, p.payload]))("%s: renders inert", (_name, payload) => {
    const html = renderMarkdown(payload);
    expect(dangers(html)).toEqual([]);
    // Nothing is executable, yet the text is not silently swallowed either.
    expect(parse(html).textContent!.trim().length).toBeGreaterThan(0);
  });

  it("the checker is not vacuous: an unsafe renderer fails it for nearly every payload", () => {
    const unsafe = new MarkdownIt({ html: true, linkify: true });
    unsafe.validateLink = () => true;
    const caught = XSS_PAYLOADS.filter((p) => dangers(unsafe.render(p.payload)).length > 0);
    // Only the code payloads (fences, inline code) are inert even without sanitizing.
    expect(XSS_PAYLOADS.length - caught.length).toBeLessThanOrEqual(5);
  });

  it("shows raw HTML and refused links as literal text", () => {
    expect(parse(renderMarkdown("<script>alert(1)</script>")).textContent).toContain("<script>alert(1)</script>");
    const refused = parse(renderMarkdown("[click me](javascript:alert(1))"));
    expect(refused.querySelector("a")).toBeNull();
    expect(refused.textContent).toContain("[click me](javascript:alert(1))");
  });
});

describe("normal markdown still renders", () => {
  const doc = parse(
    renderMarkdown(
      [
        "# Title",
        "## Sub *emphasis* and **bold** and ~~gone~~",
        "",
        "1. first",
        "2. second",
        "",
        "A paragraph between two lists.",
        "",
        "3. third list starts at 3",
        "",
        "- bullet with `inline code`",
        "",
        "> quoted",
        "",
        "| Left | Right | Center |",
        "|:-----|------:|:------:|",
        "| a    | 1     | x      |",
        "",
        "```python",
        "def add(a, b):",
        "    return a + b  # sum",
        "```",
        "",
        "```",
        "SELECT name, COUNT(*) FROM users WHERE id > 10 GROUP BY name ORDER BY name;",
        "```",
        "",
        "Visit https://example.com/docs?q=1 or [the site](https://example.com \"Example\"), mail [us](mailto:a@example.com), see [below](#notes).",
        "",
        "![diagram](https://example.com/d.png)",
        "",
        "---",
      ].join("\n"),
    ),
  );

  it("headings, emphasis, lists, blockquote, rule", () => {
    expect(doc.querySelector("h1")!.textContent).toBe("Title");
    expect(doc.querySelector("h2 em")!.textContent).toBe("emphasis");
    expect(doc.querySelector("h2 strong")!.textContent).toBe("bold");
    expect(doc.querySelector("h2 s")!.textContent).toBe("gone");
    expect(doc.querySelectorAll("ol li")).toHaveLength(3);
    expect(doc.querySelectorAll("ol")[1]!.getAttribute("start")).toBe("3");
    expect(doc.querySelector("ul li code")!.textContent).toBe("inline code");
    expect(doc.querySelector("blockquote")!.textContent!.trim()).toBe("quoted");
    expect(doc.querySelector("hr")).not.toBeNull();
  });

  it("tables keep their column alignment", () => {
    const cells = Array.from(doc.querySelectorAll("th")).map((th) => th.getAttribute("style"));
    expect(cells).toEqual(["text-align:left", "text-align:right", "text-align:center"]);
    expect(doc.querySelector("tbody td")!.textContent).toBe("a");
  });

  it("code blocks are highlighted: by language, and auto-detected without one", () => {
    const [py, sql] = Array.from(doc.querySelectorAll("pre code"));
    expect(py!.className).toBe("hljs language-python");
    expect(py!.querySelector(".hljs-keyword")!.textContent).toBe("def");
    expect(py!.textContent).toBe("def add(a, b):\n    return a + b  # sum\n");
    expect(sql!.className).toMatch(/^hljs language-\w+/);
    expect(sql!.querySelector("span[class^=hljs-]")).not.toBeNull();
  });

  it("links open safely in a new tab; images become links and are never loaded", () => {
    const links = Array.from(doc.querySelectorAll("a")).map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toEqual([
      ["https://example.com/docs?q=1", "https://example.com/docs?q=1"],
      ["https://example.com/", "the site"],
      ["mailto:a@example.com", "us"],
      ["#notes", "below"],
      ["https://example.com/d.png", "[image: diagram]"],
    ]);
    for (const a of doc.querySelectorAll("a")) {
      expect(a.getAttribute("rel")).toBe("noopener noreferrer nofollow");
      expect(a.getAttribute("target")).toBe("_blank");
    }
    expect(doc.querySelector("a[title]")!.getAttribute("title")).toBe("Example");
    expect(doc.querySelector("img")).toBeNull();
    expect(dangers(doc.innerHTML)).toEqual([]);
  });
});

describe("limits and link policy", () => {
  it("caps very long input with a visible note and huge code blocks stay plain", () => {
    const html = renderMarkdown("a".repeat(50), { maxChars: 10 });
    expect(parse(html).textContent).toContain("[40 more characters not shown]");
    const big = renderMarkdown("```js\n" + "let x = 1;\n".repeat(12_000) + "```");
    expect(parse(big).querySelector("pre code span")).toBeNull();
  });

  it("safeHref allows only http(s), mailto and #anchors", () => {
    expect(safeHref("https://a.example/x")).toBe("https://a.example/x");
    expect(safeHref(" HTTP://A.example ")).toBe("http://a.example/");
    expect(safeHref("mailto:x@y.z")).toBe("mailto:x@y.z");
    expect(safeHref("#sec-2")).toBe("#sec-2");
    for (const bad of ["java\tscript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "/admin", "//evil.example", "file:///etc/passwd", "http://", "#a b"]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it("auto-detects a long unlabelled block's language from its first lines", () => {
    const fn = (i: number) => `def f${i}(xs):\n    """Keep truthy items."""\n    return [x for x in xs if x is not None]\n\n`;
    const answer = "Here:\n\n```\n" + Array.from({ length: 100 }, (_, i) => fn(i)).join("") + "```";
    const code = parse(renderMarkdown(answer)).querySelector("pre code")!;
    expect(code.className).toBe("hljs language-python");
    // highlighted to the end, not just the sampled head
    expect(code.querySelectorAll(".hljs-keyword").length).toBeGreaterThanOrEqual(100 * 5);
  });

  // Generous bounds (shared CI machines are noisy): the point is "no blow-up", not a benchmark.
  it.each([
    ["brackets", "[".repeat(50_000)],
    ["emphasis", "*a".repeat(20_000)],
    ["nested quotes", ">".repeat(5_000) + "x"],
    ["angle brackets", "<".repeat(100_000)],
    ["backticks", "`".repeat(10_000) + "x"],
    ["many links", "[a](https://e.com/)".repeat(5_000)],
    ["nested lists", "- ".repeat(3_000) + "x"],
    ["big table", "|a|b|\n|-|-|\n" + "|1|2|\n".repeat(5_000)],
  ])("pathological input (%s) renders in bounded time", (_name, input) => {
    const t0 = performance.now();
    const html = renderMarkdown(input);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(dangers(html)).toEqual([]);
  });
});
