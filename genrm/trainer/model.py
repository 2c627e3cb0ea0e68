"""The `tiny` judge: a GPT-2 shaped, byte-level causal transformer trained from scratch.

Input: BOS + prompt bytes, right-padded; `lengths` says where each row ends. Causal attention means a
row's last real position never sees the padding after it, so no attention mask is needed. The verdict
is the next-token distribution at that position, read over the three verdict tokens.

Attention is written out (no scaled_dot_product_attention) so torch 1.13 and 2.x compute and export
the same graph. Nothing here knows about files or the training loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F

from .data import DEFAULT_SECTION_MARKERS, PAD_ID, VERDICT_TOKEN_IDS, VERDICTS, VOCAB_SIZE


@dataclass
class TinyConfig:
    context_length: int = 512
    d_model: int = 128
    n_layer: int = 2
    n_head: int = 4
    dropout: float = 0.0
    vocab_size: int = VOCAB_SIZE
    # Byte strings that open the template's sections (see section_ids); () = no section embedding.
    section_markers: tuple[str, ...] = DEFAULT_SECTION_MARKERS
    # Width of a causal depthwise convolution over the byte embeddings (0 = none): gives the first
    # block each byte's few predecessors, so words are visible without learning previous-token heads.
    conv_kernel: int = 0
    # Add to the verdict position a learned summary of each answer section's mean hidden state
    # (reference, candidate): a short gradient path from the verdict to every word of both answers, so a
    # small model trained on a few thousand labels learns what makes an answer right within minutes
    # instead of first having to discover, by attention alone, where each answer is.
    section_pool: bool = False
    # Not part of the network: the tokeniser's prefix to drop, kept here so a loaded model encodes alike.
    strip_prefix: str = ""


class SectionIds(nn.Module):
    """[B, T] byte ids -> [B, T] section index: how many markers' LAST occurrence ends at or before t.

    With the v1 markers: 0 = header + prompt, 1 = reference, 2 = candidate, 3 = verdict tag. A byte
    model otherwise has to discover from bytes alone which answer it is reading; this hands it the
    template's structure as a segment embedding (as BERT's token types), computed inside the graph so
    the ONNX inputs stay (input_ids, lengths). "Last occurrence" keeps a tag-like line inside the prompt
    from shifting the sections of the answers after it.
    """

    def __init__(self, markers: tuple[str, ...]) -> None:
        super().__init__()
        self.patterns = [list(m.encode("utf-8")) for m in markers]

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        T = ids.shape[1]
        section = torch.zeros_like(ids)
        for pattern in self.patterns:
            K = len(pattern)
            padded = F.pad(ids, (K - 1, 0), value=-1)
            ends = padded[:, K - 1 : K - 1 + T] == pattern[-1]
            for j in range(K - 1):
                ends = ends & (padded[:, j : j + T] == pattern[j])
            count = torch.cumsum(ends.long(), dim=1)
            total = count[:, -1:]
            section = section + ((count == total) & (total > 0)).long()
        return section


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: TinyConfig) -> None:
        super().__init__()
        self.n_head = cfg.n_head
        self.scale = 1.0 / math.sqrt(cfg.d_model // cfg.n_head)  # a Python constant, so ONNX tracing stays quiet
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)
        # Additive mask: 0 where a position may attend, -inf above the diagonal.
        n = cfg.context_length
        causal = torch.full((n, n), float("-inf")).triu(1)
        self.register_buffer("causal", causal.view(1, 1, n, n), persistent=False)
        # A learned score offset per (head, section of the key): lets a head pool one section (say the
        # candidate) from the first steps, instead of discovering it position by position.
        n_sections = len(cfg.section_markers) + 1 if cfg.section_markers else 0
        self.section_bias = nn.Parameter(torch.zeros(cfg.n_head, n_sections)) if n_sections else None

    def _key_bias(self, sections: torch.Tensor | None) -> torch.Tensor | float:
        if self.section_bias is None or sections is None:
            return 0.0
        # [B, T] -> [B, T, H] -> [B, H, 1, T]
        return F.embedding(sections, self.section_bias.t()).permute(0, 2, 1).unsqueeze(2)

    def _heads(self, t: torch.Tensor) -> torch.Tensor:
        B, T, C = t.shape
        return t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)

    def _attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        att = (q @ k.transpose(-2, -1)) * self.scale + bias
        att = self.drop(F.softmax(att, dim=-1))
        B, H, Tq, hd = q.shape
        return (att @ v).transpose(1, 2).reshape(B, Tq, H * hd)

    def forward(self, x: torch.Tensor, sections: torch.Tensor | None = None) -> torch.Tensor:
        T = x.shape[1]
        q, k, v = self.qkv(x).split(x.shape[2], dim=2)
        y = self._attend(self._heads(q), self._heads(k), self._heads(v), self.causal[:, :, :T, :T] + self._key_bias(sections))
        return self.drop(self.proj(y))

    def forward_last(self, x: torch.Tensor, x_last: torch.Tensor, lengths: torch.Tensor, sections: torch.Tensor | None = None) -> torch.Tensor:
        """Output at each row's last real position only ([B, 1, C]): keys/values for all positions,
        one query per row. Equal to forward(x) read at lengths - 1, for a fraction of the cost."""
        C = x.shape[2]
        w_q, w_kv = self.qkv.weight.split([C, 2 * C], dim=0)
        b_q, b_kv = self.qkv.bias.split([C, 2 * C], dim=0)
        k, v = F.linear(x, w_kv, b_kv).split(C, dim=2)
        q = F.linear(x_last, w_q, b_q)
        pos = torch.arange(x.shape[1], device=x.device).view(1, 1, 1, -1)
        bias = torch.zeros(pos.shape, dtype=x.dtype, device=x.device).masked_fill(pos >= lengths.view(-1, 1, 1, 1), float("-inf"))
        bias = bias + self._key_bias(sections)
        y = self._attend(self._heads(q), self._heads(k), self._heads(v), bias)
        return self.drop(self.proj(y))


class Block(nn.Module):
    def __init__(self, cfg: TinyConfig) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.attn = CausalSelfAttention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.mlp = nn.Sequential(
            nn.Linear(cfg.d_model, 4 * cfg.d_model),
            nn.GELU(),
            nn.Linear(4 * cfg.d_model, cfg.d_model),
            nn.Dropout(cfg.dropout),
        )

    def forward(self, x: torch.Tensor, sections: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.attn(self.ln1(x), sections)
        return x + self.mlp(self.ln2(x))

    def forward_last(self, x: torch.Tensor, lengths: torch.Tensor, sections: torch.Tensor | None = None) -> torch.Tensor:
        """[B, T, C] -> [B, 1, C]: this block's output at each row's last real position only."""
        x_last = _take_last(x, lengths)
        h = self.ln1(x)
        x_last = x_last + self.attn.forward_last(h, _take_last(h, lengths), lengths, sections)
        return x_last + self.mlp(self.ln2(x_last))


def _take_last(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """[B, T, C] -> [B, 1, C] at position lengths - 1 of each row."""
    at = (lengths - 1).view(-1, 1, 1).expand(x.shape[0], 1, x.shape[2])
    return torch.gather(x, 1, at)


class TinyGPT(nn.Module):
    def __init__(self, cfg: TinyConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.wpe = nn.Embedding(cfg.context_length, cfg.d_model)
        self.sections = SectionIds(cfg.section_markers) if cfg.section_markers else None
        self.wse = nn.Embedding(len(cfg.section_markers) + 1, cfg.d_model) if cfg.section_markers else None
        self.conv = nn.Conv1d(cfg.d_model, cfg.d_model, cfg.conv_kernel, groups=cfg.d_model) if cfg.conv_kernel > 1 else None
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.d_model)
        # The LM head is tied to the token embedding (GPT-2): verdict tokens are ordinary vocabulary.
        self.register_buffer("verdict_ids", torch.tensor([VERDICT_TOKEN_IDS[v] for v in VERDICTS]), persistent=False)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("proj.weight") or name.endswith("mlp.2.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))
        # (Made and initialised last, so the other weights' seeded initialisation is as without it.)
        # Pooled sections: the answers (reference, candidate), i.e. every section between the header +
        # prompt (0) and the verdict tag (the last, after which padding follows).
        self.n_pooled = len(cfg.section_markers) - 1 if cfg.section_pool and len(cfg.section_markers) >= 2 else 0
        self.pool = (
            nn.Sequential(nn.LayerNorm(self.n_pooled * cfg.d_model), nn.Linear(self.n_pooled * cfg.d_model, cfg.d_model), nn.GELU(), nn.Linear(cfg.d_model, cfg.d_model))
            if self.n_pooled
            else None
        )
        if self.pool is not None:
            self.pool.apply(self._init)
            # Starts silent (as a zero-initialised residual branch): the summary joins only as it helps.
            nn.init.zeros_(self.pool[-1].weight)

    @staticmethod
    def _init(m: nn.Module) -> None:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def embed(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Token + position (+ section) embeddings (+ the causal convolution); also the section ids."""
        pos = torch.arange(idx.shape[1], device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        sections = None
        if self.sections is not None and self.wse is not None:
            sections = self.sections(idx)
            x = x + self.wse(sections)
        if self.conv is not None:
            k = self.conv.kernel_size[0]
            x = x + self.conv(F.pad(x.transpose(1, 2), (k - 1, 0))).transpose(1, 2)
        return self.drop(x), sections

    def section_summary(self, x: torch.Tensor, sections: torch.Tensor | None, lengths: torch.Tensor) -> torch.Tensor | float:
        """[B, T, C] hidden states -> [B, 1, C]: the pooled-sections term added at the verdict position
        (0 when the model has none). Positions at or after a row's length never count."""
        if self.pool is None or sections is None:
            return 0.0
        pos = torch.arange(x.shape[1], device=x.device).view(1, -1)
        real = pos < lengths.view(-1, 1)
        means = []
        seen = torch.zeros(x.shape[0], 1, dtype=x.dtype, device=x.device)
        for s in range(1, self.n_pooled + 1):
            mask = ((sections == s) & real).to(x.dtype).unsqueeze(2)  # [B, T, 1]
            count = mask.sum(1)
            means.append((x * mask).sum(1) / count.clamp(min=1.0))
            seen = seen + count
        # A row without answer sections (not rendered with the template) gets no summary at all.
        return (self.pool(torch.cat(means, dim=1)) * (seen > 0).to(x.dtype)).unsqueeze(1)

    def last_hidden(self, idx: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """[B, T] ids, [B] lengths -> [B, C] final hidden state at each row's last real position."""
        x, sections = self.embed(idx)
        # Only the last position is read, so the final block computes just that position (its keys and
        # values still cover the whole row): about a third less work than running it everywhere.
        for block in self.blocks[:-1]:
            x = block(x, sections)
        summary = self.section_summary(x, sections, lengths)
        x = self.blocks[-1].forward_last(x, lengths, sections)
        return self.ln_f(x + summary).squeeze(1)

    def full_hidden(self, idx: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """[B, T, C] hidden states at every position (reference path, used by tests). The sections
        summary (of the whole row up to `lengths`) is added everywhere; only lengths - 1 is meaningful."""
        x, sections = self.embed(idx)
        if lengths is None:
            lengths = torch.full((idx.shape[0],), idx.shape[1], dtype=torch.long)
        summary: torch.Tensor | float = 0.0
        for i, block in enumerate(self.blocks):
            if i == len(self.blocks) - 1:
                summary = self.section_summary(x, sections, lengths)
            x = block(x, sections)
        return self.ln_f(x + summary)

    def next_token_logits(self, idx: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """[B, V] logits for the token after each prompt (the LM head is only applied there)."""
        return self.last_hidden(idx, lengths) @ self.wte.weight.t()

    def verdict_logits(self, idx: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """[B, 3] logits of the better/same/worse tokens; softmax gives the verdict distribution."""
        h = self.last_hidden(idx, lengths)
        return h @ self.wte.weight[self.verdict_ids].t()


class VerdictHead(nn.Module):
    """What ONNX exports: (input_ids int64 [B,T], lengths int64 [B]) -> verdict_logits float [B,3]."""

    def __init__(self, model: TinyGPT) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.model.verdict_logits(input_ids, lengths)


def collate(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pads to the longest row: (ids [B, T] int64, lengths [B] int64)."""
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), PAD_ID, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, torch.tensor([len(s) for s in seqs], dtype=torch.long)
