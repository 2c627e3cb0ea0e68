import random
import tempfile
import unittest
import os

from genrm.trainer.data import (BOS_ID, Row, bucketed_batches, encode_prompt, parse_verdict, read_rows, split_by_group)
from genrm.trainer.errors import InputError
from genrm.trainer.tests.helpers import write_jsonl


class DataTest(unittest.TestCase):
    def test_parse_verdict_reads_the_last_word(self):
        self.assertEqual(parse_verdict(" better"), 0)
        self.assertEqual(parse_verdict(" Same."), 1)
        self.assertEqual(parse_verdict("The candidate misses the point. worse"), 2)
        self.assertIsNone(parse_verdict(" maybe"))
        self.assertIsNone(parse_verdict(""))

    def test_encode_prompt_is_bos_plus_bytes_and_keeps_the_tail(self):
        self.assertEqual(encode_prompt("hé", 16), [BOS_ID, 0x68, 0xC3, 0xA9])
        ids = encode_prompt("abcdefghij", 8)
        self.assertEqual(ids, [BOS_ID, *b"defghij"])

    def test_split_by_group_never_splits_a_group(self):
        rows = [Row("p", " same", 1, 1.0, f"g{i % 17}", i) for i in range(200)]
        train, val = split_by_group(rows, 0.2, seed=3)
        self.assertTrue(val)
        self.assertFalse({r.group for r in train} & {r.group for r in val})
        self.assertEqual(len(train) + len(val), 200)
        again = split_by_group(rows, 0.2, seed=3)[1]
        self.assertEqual([r.line for r in val], [r.line for r in again])

    def test_rows_without_group_are_grouped_by_prompt_text(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_jsonl(os.path.join(d, "x.jsonl"), [{"prompt": "same text", "completion": " better"}] * 3 + [{"prompt": "other", "completion": " worse"}])
            rows = read_rows(path)
        self.assertEqual(len({r.group for r in rows}), 2)

    def test_bad_rows_name_their_line(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_jsonl(os.path.join(d, "x.jsonl"), [{"prompt": "a", "completion": " better"}, {"prompt": "b", "completion": " perhaps"}])
            with self.assertRaisesRegex(InputError, r"x.jsonl:2: completion ' perhaps'"):
                read_rows(path)
            path = write_jsonl(os.path.join(d, "y.jsonl"), [{"prompt": "a", "completion": " better", "weight": -1}])
            with self.assertRaisesRegex(InputError, "weight"):
                read_rows(path)

    def test_bucketed_batches_cover_everything_once_with_similar_lengths(self):
        rng = random.Random(0)
        lengths = [rng.randint(10, 500) for _ in range(1000)]
        batches = bucketed_batches(lengths, 32, 8, random.Random(1))
        self.assertEqual(sorted(i for b in batches for i in b), list(range(1000)))
        spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches) / len(batches)
        self.assertLess(spread, 100)  # unbucketed batches would spread ~450
        self.assertEqual(batches, bucketed_batches(lengths, 32, 8, random.Random(1)))


if __name__ == "__main__":
    unittest.main()
