"""GenRM trainer: `tiny` byte-level judge (exported to ONNX) and `lora` adapters for HF causal LMs.

Run from the repository root: `python -m genrm.trainer.train --help` (see README.md).
"""
