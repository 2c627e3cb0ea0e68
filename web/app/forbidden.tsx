export default function Forbidden() {
  return (
    <div className="mt-16 text-center">
      <h1 className="text-2xl font-semibold">403 — not for your role</h1>
      <p className="mt-2 text-slate-600">Ask an admin if you need access.</p>
    </div>
  );
}
