// The floor for bench:api: a bare node:http server that only reads and parses the same request bodies as
// the judge routes and answers zero rewards, in the judge routes' reply shapes. No auth, no validation, no
// cache, no log: what any Node reward server costs at least. Run apart from the load generator, like ours.
import { createServer } from "node:http";

const zeroJudge = (items) => ({
  results: items.map((it, i) => ({ id: it?.id ?? i, verdict: "same", probs: { better: 0, same: 1, worse: 0 }, reward: 0, consistent: null })),
});
const zeroReward = (query) => {
  const zeros = query.map(() => 0);
  return { rewards: zeros, scores: query.map(() => 0.5), extra_logs: {} };
};

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const reply = JSON.stringify(req.url.startsWith("/api/v1/judge") ? zeroJudge(body.items ?? []) : zeroReward(body.query ?? []));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => console.log(`floor ready ${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
