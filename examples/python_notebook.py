# %% [markdown]
# # Scoring an Arabic extractor with hudna, from Python
#
# A notebook in percent format: run it cell by cell in VS Code, Jupyter
# (with jupytext) or Spyder, or as a script: `python examples/python_notebook.py`.
# It needs the `hudna` wheel (`python/ci.sh` builds one) and pandas.

# %%
import hudna

gold = hudna.load_gold()  # the dataset is inside the package
print(gold.version, gold.fingerprint[:12], len(gold.documents), "documents")
doc = gold.documents["2020-10-10-moscow-ceasefire-talks"]
e = doc.entities[0]
# Offsets are code points: plain Python slicing gives the mention.
print(e["type"], doc.text[e["start"]:e["end"]], e.get("ref"))

# %% [markdown]
# ## 1. Score predictions you already have
#
# A list of dicts in the prediction contract (`schemas/prediction.schema.json`),
# a DataFrame, or a JSONL path. Here: half of the gold entities, so recall
# should be about 0.5 and precision 1.

# %%
predictions = [r for d in gold.documents.values() for r in d.entities[::2]]
report = hudna.score(predictions, resamples=200)
print(report)  # the text tables of `hudna score`

# %%
strict = report.metric("entities", "strict")
print(f"strict F1 {strict['f1']:.3f}  95% CI [{strict['f1_ci_low']:.3f}, {strict['f1_ci_high']:.3f}]")

# %% [markdown]
# ## 2. The tidy table, for pandas
#
# One row per document × layer × scheme × label × metric: the columns of
# `hudna score --format csv`.

# %%
df = report.to_pandas()
corpus = df[(df.doc == "ALL") & (df.layer == "entities") & (df.label == "micro") & (df.metric == "f1")]
print(corpus[["scheme", "value", "ci_low", "ci_high"]].to_string(index=False))
per_doc = df[(df.doc != "ALL") & (df.scheme == "strict") & (df.label == "micro") & (df.metric == "f1")]
print(per_doc[["doc", "value"]].to_string(index=False))

# %% [markdown]
# ## 3. Score a Python extractor in process
#
# Any object with `extract(doc, text) -> list[dict]` is an extractor
# (`hudna.Extractor`). It is called once per article, in id order; no
# subprocess, no files.

# %%
import re

CITIES = {"باكو": "baku", "يريفان": "yerevan", "موسكو": "moscow", "ستيباناكيرت": "stepanakert"}


class Cities:
    name = "cities-gazetteer"

    def extract(self, doc, text):
        return [
            {"kind": "entity", "type": "GPE", "start": m.start(), "end": m.end(),
             "text": m.group(0), "ref": CITIES[m.group(0)]}
            for m in re.finditer("|".join(CITIES), text)
        ]


cities = hudna.score(Cities(), resamples=200)
print(cities.metric("entities", "set_ref", "GPE"))

# %% [markdown]
# ## 4. Bad records are refused with the record, the field and the reason

# %%
try:
    hudna.score([{"kind": "entity", "doc": doc.id, "type": "COUNTRY", "text": "روسيا"}])
except hudna.ValidationError as err:
    print(err.diagnostics[0]["line"], err.diagnostics[0]["pointer"], err.diagnostics[0]["message"])

# %% [markdown]
# ## 5. Save the report for `hudna gate` and `hudna compare`
#
# `report.to_json()` is byte for byte what `hudna score --format json` writes.

# %%
import os
import tempfile

path = os.path.join(tempfile.mkdtemp(), "cities.json")
cities.save(path)
print(hudna.read_report(path).extractor, "->", path)
