"""The data client against a running GenRM server. Skipped unless GENRM_URL and GENRM_DATA_API_KEY (a key
with the data:write scope) are set; the end-to-end suite sets them (tests/e2e/data-exports.spec.ts), with
GENRM_TEST_LABELLED_DATASET / GENRM_TEST_LABEL_COUNT naming one of the key owner's datasets that has labels."""

import json
import os
import tempfile
import unittest

from .genrm_data import GenRMData, GenRMDataError

URL = os.environ.get("GENRM_URL")
KEY = os.environ.get("GENRM_DATA_API_KEY")

HH_ROWS = [
    {"chosen": f"\n\nHuman: What is {i} + {i}?\n\nAssistant: {2 * i}.", "rejected": f"\n\nHuman: What is {i} + {i}?\n\nAssistant: Maybe {2 * i + 1}?"}
    for i in range(8)
]


@unittest.skipUnless(URL and KEY, "set GENRM_URL and GENRM_DATA_API_KEY to run against a live server")
class Live(unittest.TestCase):
    def setUp(self):
        self.data = GenRMData(URL, KEY)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_import_snapshot_and_export_round_trip(self):
        ds = self.data.create_dataset("python data client", description="Sums, imported from HH-RLHF rows.")
        self.assertIn(ds["id"], [d["id"] for d in self.data.list_datasets()])
        path = os.path.join(self.tmp.name, "sums.hh.jsonl")
        with open(path, "w") as f:
            f.write("".join(json.dumps(r) + "\n" for r in HH_ROWS))
        stages = []
        imp = self.data.import_file(ds["id"], path, progress=lambda stage, done, total: stages.append((stage, done, total)))
        self.assertEqual((imp["status"], imp["added"]), ("succeeded", 2 * len(HH_ROWS)))  # two answers per row
        self.assertEqual(stages[0][0], "upload")
        self.assertEqual(stages[-1], ("import", 100, 100))

        snap = self.data.create_snapshot(ds["id"])
        self.assertTrue(snap["created"])
        self.assertEqual(len(snap["contentHash"]), 64)
        again = self.data.create_snapshot(ds["id"])
        self.assertEqual((again["id"], again["created"]), (snap["id"], False))
        self.assertEqual([s["id"] for s in self.data.list_snapshots(ds["id"])], [snap["id"]])

        # HH-RLHF out of the snapshot: exactly the rows that went in (their preferences came with the file).
        out = self.data.export(ds["id"], "hh", os.path.join(self.tmp.name, "back.jsonl"), snapshot=snap["id"])
        with open(out) as f:
            back = [json.loads(l) for l in f if l.strip()]
        key = lambda r: r["chosen"]
        self.assertEqual(sorted(back, key=key), sorted(HH_ROWS, key=key))

        folder = self.data.export_hf(ds["id"], os.path.join(self.tmp.name, "hf"), snapshot=snap["id"], test=0.5, license="mit")
        with open(os.path.join(folder, "README.md")) as f:
            card = f.read()
        self.assertTrue(card.startswith("---\n"))
        self.assertIn("license: mit", card)
        self.assertIn(snap["contentHash"], card)
        shards = sorted(os.listdir(os.path.join(folder, "data", "preferences")))
        self.assertTrue(shards and all(s.endswith(".parquet") for s in shards), shards)
        for s in shards:
            with open(os.path.join(folder, "data", "preferences", s), "rb") as f:
                self.assertEqual(f.read(4), b"PAR1")

        with self.assertRaises(GenRMDataError) as ctx:
            self.data.export(ds["id"], "hf", os.path.join(self.tmp.name, "x"), test=0.9)
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("test must be between 0 and 0.5", str(ctx.exception))

    @unittest.skipUnless(os.environ.get("GENRM_TEST_LABELLED_DATASET"), "set GENRM_TEST_LABELLED_DATASET to list labels")
    def test_labels_of_a_labelled_dataset(self):
        labels = list(self.data.labels(os.environ["GENRM_TEST_LABELLED_DATASET"]))
        self.assertEqual(len(labels), int(os.environ["GENRM_TEST_LABEL_COUNT"]))
        self.assertTrue(all(set(l) >= {"comparison_id", "annotator", "verdict", "strength"} for l in labels))


if __name__ == "__main__":
    unittest.main()
