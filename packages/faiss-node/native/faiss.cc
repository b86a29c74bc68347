// @twotower/faiss-node: faiss-node's binding (https://github.com/ewfian/faiss-node, 0.5.1, MIT,
// (c) 2023 ewfian) with twotower's changes — Float32Array input read in place, typed results,
// per-call and index-level search parameters (nprobe, efSearch, ...), OpenMP thread control and
// FAISS exceptions turned into JS errors; faiss-node's API is otherwise unchanged. Built by
// node-gyp against an installed FAISS (binding.gyp, install.js). See README.md.
#include <napi.h>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <faiss/IndexFlat.h>
#include <faiss/index_io.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/MetricType.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/AutoTune.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexPreTransform.h>
#include <map>
#include <memory>
#include <sstream>
#include <vector>
#include <omp.h>

using namespace Napi;
// faiss::idx_t only exists from FAISS 1.7.4 on; Index::idx_t is int64_t in every version.
using idx_t = int64_t;

// Reads a matrix argument given either as a Float32Array (used in place, no copy) or as a
// number[] (copied into `storage`, as before). Returns nullptr after throwing a JS error.
static const float *matrixArg(Napi::Env env, const Napi::Value &value, int d, std::vector<float> &storage, size_t &rows)
{
  size_t length = 0;
  const float *data = nullptr;
  if (value.IsTypedArray())
  {
    Napi::TypedArray ta = value.As<Napi::TypedArray>();
    if (ta.TypedArrayType() != napi_float32_array)
    {
      Napi::TypeError::New(env, "Invalid the first argument type, typed arrays must be Float32Array.").ThrowAsJavaScriptException();
      return nullptr;
    }
    Napi::Float32Array fa = value.As<Napi::Float32Array>();
    length = fa.ElementLength();
    data = fa.Data();
  }
  else if (value.IsArray())
  {
    Napi::Array arr = value.As<Napi::Array>();
    length = arr.Length();
    storage.resize(length);
    for (size_t i = 0; i < length; i++)
    {
      Napi::Value val = arr[i];
      if (!val.IsNumber())
      {
        Napi::Error::New(env, "Expected a Number as array item. (at: " + std::to_string(i) + ")")
            .ThrowAsJavaScriptException();
        return nullptr;
      }
      storage[i] = val.As<Napi::Number>().FloatValue();
    }
    data = storage.data();
  }
  else
  {
    Napi::TypeError::New(env, "Invalid the first argument type, must be an Array or a Float32Array.").ThrowAsJavaScriptException();
    return nullptr;
  }
  if (d <= 0 || length % static_cast<size_t>(d) != 0)
  {
    Napi::Error::New(env, "Invalid the given array length (" + std::to_string(length) + " is not a multiple of the dimension " + std::to_string(d) + ").")
        .ThrowAsJavaScriptException();
    return nullptr;
  }
  rows = length / static_cast<size_t>(d);
  return data;
}

// Per-call search parameters ("efSearch=64,nprobe=8") turned into faiss::SearchParameters for
// the index at hand (looking through IndexPreTransform and IndexIDMap wrappers). The index's own
// settings are the defaults of every field not named. Unknown names are an error.
struct SearchParamsHolder
{
  std::vector<std::unique_ptr<faiss::SearchParameters>> owned;
  faiss::SearchParameters *root = nullptr;
  // Fields set for the duration of one search and restored after it (FAISS 1.7.3's IndexHNSW
  // ignores SearchParametersHNSW::efSearch, so efSearch is applied to the index itself).
  std::vector<std::pair<int *, int>> overrides;
};

// Applies a holder's overrides and restores the previous values when it goes out of scope.
struct OverrideGuard
{
  std::vector<std::pair<int *, int>> saved;
  explicit OverrideGuard(const std::vector<std::pair<int *, int>> &overrides)
  {
    for (auto &o : overrides)
    {
      saved.emplace_back(o.first, *o.first);
      *o.first = o.second;
    }
  }
  ~OverrideGuard()
  {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it)
      *it->first = it->second;
  }
};

static faiss::SearchParameters *buildSearchParams(faiss::Index *index, std::map<std::string, double> &kv, SearchParamsHolder &holder)
{
  if (auto pt = dynamic_cast<faiss::IndexPreTransform *>(index))
  {
    auto p = std::make_unique<faiss::SearchParametersPreTransform>();
    p->index_params = buildSearchParams(pt->index, kv, holder);
    holder.owned.push_back(std::move(p));
    return holder.owned.back().get();
  }
  if (auto idmap = dynamic_cast<faiss::IndexIDMap *>(index))
  {
    return buildSearchParams(idmap->index, kv, holder);
  }
  if (auto ivf = dynamic_cast<faiss::IndexIVF *>(index))
  {
    auto p = std::make_unique<faiss::SearchParametersIVF>();
    p->nprobe = ivf->nprobe;
    p->max_codes = ivf->max_codes;
    auto it = kv.find("nprobe");
    if (it != kv.end())
    {
      p->nprobe = static_cast<size_t>(it->second);
      kv.erase(it);
    }
    it = kv.find("max_codes");
    if (it != kv.end())
    {
      p->max_codes = static_cast<size_t>(it->second);
      kv.erase(it);
    }
    it = kv.find("quantizer_efSearch");
    if (it != kv.end())
    {
      if (auto qh = dynamic_cast<faiss::IndexHNSW *>(ivf->quantizer))
      {
        auto q = std::make_unique<faiss::SearchParametersHNSW>();
        q->efSearch = static_cast<int>(it->second);
        q->check_relative_distance = qh->hnsw.check_relative_distance;
        p->quantizer_params = q.get();
        holder.owned.push_back(std::move(q));
        kv.erase(it);
      }
    }
    holder.owned.push_back(std::move(p));
    return holder.owned.back().get();
  }
  if (auto hnsw = dynamic_cast<faiss::IndexHNSW *>(index))
  {
    auto it = kv.find("efSearch");
    if (it != kv.end())
    {
      holder.overrides.emplace_back(&hnsw->hnsw.efSearch, static_cast<int>(it->second));
      kv.erase(it);
    }
    return nullptr;
  }
  return nullptr;
}

// Parses "name=value,name=value". Returns false after throwing a JS error.
static bool parseSearchParams(Napi::Env env, const std::string &text, faiss::Index *index, SearchParamsHolder &holder)
{
  std::map<std::string, double> kv;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
  {
    if (item.empty())
      continue;
    auto eq = item.find('=');
    if (eq == std::string::npos)
    {
      Napi::Error::New(env, "Invalid search parameter '" + item + "': expected name=value, e.g. efSearch=64 or nprobe=8.").ThrowAsJavaScriptException();
      return false;
    }
    try
    {
      kv[item.substr(0, eq)] = std::stod(item.substr(eq + 1));
    }
    catch (const std::exception &)
    {
      Napi::Error::New(env, "Invalid search parameter '" + item + "': the value must be a number.").ThrowAsJavaScriptException();
      return false;
    }
  }
  if (kv.empty())
    return true;
  holder.root = buildSearchParams(index, kv, holder);
  if (!kv.empty())
  {
    std::string names;
    for (auto &e : kv)
      names += (names.empty() ? "" : ", ") + e.first;
    Napi::Error::New(env, "Unknown search parameter(s) for this index type: " + names +
                              " (per-call parameters: efSearch for HNSW; nprobe, max_codes, quantizer_efSearch for IVF).")
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

template <class T, typename Y>
class IndexBase : public Napi::ObjectWrap<T>
{
public:
  IndexBase(const Napi::CallbackInfo &info) : Napi::ObjectWrap<T>(info)
  {
    Napi::Env env = info.Env();

    if (info.Length() > 0 && info[0].IsNumber())
    {
      auto n = info[0].As<Napi::Number>().Uint32Value();
      index_ = std::unique_ptr<Y>(new Y(n));
    }
  }

  static Napi::Value read(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsString())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be a string.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    Napi::Object instance = T::constructor->New({});
    T *index = Napi::ObjectWrap<T>::Unwrap(instance);
    std::string fname = info[0].As<Napi::String>().Utf8Value();

    try
    {
      index->index_ = std::unique_ptr<faiss::Index>(dynamic_cast<faiss::Index *>(faiss::read_index(fname.c_str())));
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }

    return instance;
  }

  static Napi::Value fromBuffer(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsBuffer())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be a buffer.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    Napi::Object instance = T::constructor->New({});
    T *index = Napi::ObjectWrap<T>::Unwrap(instance);

    auto buffer = Napi::Buffer<uint8_t>::Copy(env, info[0].As<Napi::Buffer<uint8_t>>().Data(), info[0].As<Napi::Buffer<uint8_t>>().Length());
    faiss::VectorIOReader *reader = new faiss::VectorIOReader();
    reader->data = std::vector<uint8_t>(buffer.Data(), buffer.Data() + buffer.Length());

    try
    {
      index->index_ = std::unique_ptr<faiss::Index>(dynamic_cast<faiss::Index *>(faiss::read_index(reader)));
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }

    return instance;
  }

  static Napi::Value fromFactory(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() < 2)
    {
      Napi::Error::New(env, "Expected 2 or 3 arguments, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsNumber())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be a number.").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[1].IsString())
    {
      Napi::TypeError::New(env, "Invalid the second argument type, must be a string.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    auto metric = faiss::MetricType::METRIC_L2;
    if (info[2].IsNumber())
    {
      metric = static_cast<faiss::MetricType>(info[2].As<Napi::Number>().Uint32Value());
    }

    Napi::Object instance = T::constructor->New({});
    T *index = Napi::ObjectWrap<T>::Unwrap(instance);

    const uint32_t d = info[0].As<Napi::Number>().Uint32Value();
    std::string description = info[1].As<Napi::String>().Utf8Value();

    try
    {
      index->index_ = std::unique_ptr<faiss::Index>(dynamic_cast<faiss::Index *>(faiss::index_factory(d, description.c_str(), metric)));
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }

    return instance;
  }

  Napi::Value isTrained(const Napi::CallbackInfo &info)
  {
    return Napi::Boolean::New(info.Env(), index_->is_trained);
  }

  Napi::Value add(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }

    std::vector<float> storage;
    size_t n = 0;
    const float *xb = matrixArg(env, info[0], index_->d, storage, n);
    if (xb == nullptr)
      return env.Undefined();

    try
    {
      index_->add(n, xb);
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }

  Napi::Value train(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }

    std::vector<float> storage;
    size_t n = 0;
    const float *xb = matrixArg(env, info[0], index_->d, storage, n);
    if (xb == nullptr)
      return env.Undefined();

    try
    {
      index_->train(n, xb);
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }

  Napi::Value search(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 2 && info.Length() != 3)
    {
      Napi::Error::New(env, "Expected 2 or 3 arguments, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsArray() && !info[0].IsTypedArray())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be an Array or a Float32Array.").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[1].IsNumber())
    {
      Napi::TypeError::New(env, "Invalid the second argument type, must be a Number.").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (info.Length() == 3 && !info[2].IsString() && !info[2].IsUndefined())
    {
      Napi::TypeError::New(env, "Invalid the third argument type, must be a string of search parameters (e.g. \"efSearch=64\").").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    // A Float32Array query gets typed results (Float32Array distances, BigInt64Array labels,
    // padded with -1 when k > ntotal); a number[] query keeps the original behaviour.
    const bool typed = info[0].IsTypedArray();
    const uint32_t k = info[1].As<Napi::Number>().Uint32Value();
    if (!typed && k > index_->ntotal)
    {
      Napi::Error::New(env, "Invalid the number of k (cannot be given a value greater than `ntotal`: " +
                                std::to_string(index_->ntotal) + ").")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (k == 0)
    {
      Napi::Error::New(env, "Invalid the number of k (must be at least 1).").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    std::vector<float> storage;
    size_t nq = 0;
    const float *xq = matrixArg(env, info[0], index_->d, storage, nq);
    if (xq == nullptr)
      return env.Undefined();

    SearchParamsHolder params;
    if (info.Length() == 3 && info[2].IsString())
    {
      if (!parseSearchParams(env, info[2].As<Napi::String>().Utf8Value(), index_.get(), params))
        return env.Undefined();
    }

    OverrideGuard guard(params.overrides);
    Napi::Object results = Napi::Object::New(env);
    if (typed)
    {
      Napi::Float32Array distances = Napi::Float32Array::New(env, k * nq);
      Napi::BigInt64Array labels = Napi::BigInt64Array::New(env, k * nq);
      try
      {
        index_->search(nq, xq, k, distances.Data(), labels.Data(), params.root);
      }
      catch (const faiss::FaissException &ex)
      {
        Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
        return env.Undefined();
      }
      results.Set("distances", distances);
      results.Set("labels", labels);
      return results;
    }

    std::vector<idx_t> I(k * nq);
    std::vector<float> D(k * nq);
    try
    {
      index_->search(nq, xq, k, D.data(), I.data(), params.root);
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
      return env.Undefined();
    }

    Napi::Array arr_distances = Napi::Array::New(env, k * nq);
    Napi::Array arr_labels = Napi::Array::New(env, k * nq);
    for (size_t i = 0; i < k * nq; i++)
    {
      arr_distances[i] = Napi::Number::New(env, D[i]);
      arr_labels[i] = Napi::Number::New(env, I[i]);
    }
    results.Set("distances", arr_distances);
    results.Set("labels", arr_labels);
    return results;
  }

  // Sets search-time parameters on the index itself (faiss::ParameterSpace names:
  // "efSearch=64", "nprobe=16", "nprobe=16,quantizer_efSearch=32", ...).
  Napi::Value setSearchParameters(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();
    if (info.Length() != 1 || !info[0].IsString())
    {
      Napi::TypeError::New(env, "Expected 1 string argument, e.g. \"efSearch=64\" or \"nprobe=16\".").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    try
    {
      faiss::ParameterSpace().set_index_parameters(index_.get(), info[0].As<Napi::String>().Utf8Value().c_str());
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }

  Napi::Value ntotal(const Napi::CallbackInfo &info)
  {
    return Napi::Number::New(info.Env(), index_->ntotal);
  }

  Napi::Value getDimension(const Napi::CallbackInfo &info)
  {
    return Napi::Number::New(info.Env(), index_->d);
  }

  Napi::Value write(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsString())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be a string.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    const std::string fname = info[0].As<Napi::String>().Utf8Value();

    try
    {
      faiss::write_index(index_.get(), fname.c_str());
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
    }

    return env.Undefined();
  }

  Napi::Value mergeFrom(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsObject())
    {
      Napi::TypeError::New(env, "Invalid argument type, must be an object.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    Napi::Object otherIndex = info[0].As<Napi::Object>();
    T *otherIndexInstance = Napi::ObjectWrap<T>::Unwrap(otherIndex);

    if (otherIndexInstance->index_->d != index_->d)
    {
      Napi::Error::New(env, "The merging index must have the same dimension.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    try
    {
      index_->merge_from(*(otherIndexInstance->index_));
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
      return env.Undefined();
    }

    return env.Undefined();
  }

  Napi::Value removeIds(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 1)
    {
      Napi::Error::New(env, "Expected 1 argument, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsArray())
    {
      Napi::TypeError::New(env, "Invalid the first argument type, must be an Array.").ThrowAsJavaScriptException();
      return env.Undefined();
    }

    Napi::Array arr = info[0].As<Napi::Array>();
    size_t length = arr.Length();

    idx_t *xb = new idx_t[length];
    for (size_t i = 0; i < length; i++)
    {
      Napi::Value val = arr[i];
      if (!val.IsNumber())
      {
        Napi::Error::New(env, "Expected a Number as array item. (at: " + std::to_string(i) + ")")
            .ThrowAsJavaScriptException();
        return env.Undefined();
      }
      xb[i] = val.As<Napi::Number>().Int64Value();
    }

    size_t num = 0;
    try
    {
      num = index_->remove_ids(faiss::IDSelectorArray{length, xb});
    }
    catch (const faiss::FaissException &ex)
    {
      delete[] xb;
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
      return env.Undefined();
    }

    delete[] xb;
    return Napi::Number::New(info.Env(), num);
  }

  Napi::Value toBuffer(const Napi::CallbackInfo &info)
  {
    Napi::Env env = info.Env();

    if (info.Length() != 0)
    {
      Napi::Error::New(env, "Expected 0 arguments, but got " + std::to_string(info.Length()) + ".")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }

    faiss::VectorIOWriter writer;
    try
    {
      faiss::write_index(index_.get(), &writer);
    }
    catch (const faiss::FaissException &ex)
    {
      Napi::Error::New(env, ex.what()).ThrowAsJavaScriptException();
      return env.Undefined();
    }

    // return buffer from IOWriter
    return Napi::Buffer<uint8_t>::Copy(env, writer.data.data(), writer.data.size());
  }

protected:
  std::unique_ptr<faiss::Index> index_;
  inline static Napi::FunctionReference *constructor;
};

// faiss::Index is abstract so IndexFlatL2 is used as fallback
class Index : public IndexBase<Index, faiss::IndexFlatL2>
{
public:
  using IndexBase::IndexBase;

  static constexpr const char *CLASS_NAME = "Index";

  static Napi::Object Init(Napi::Env env, Napi::Object exports)
  {
    // clang-format off
    auto func = DefineClass(env, CLASS_NAME, {
      InstanceMethod("ntotal", &Index::ntotal),
      InstanceMethod("getDimension", &Index::getDimension),
      InstanceMethod("isTrained", &Index::isTrained),
      InstanceMethod("add", &Index::add),
      InstanceMethod("train", &Index::train),
      InstanceMethod("search", &Index::search),
      InstanceMethod("setSearchParameters", &Index::setSearchParameters),
      InstanceMethod("write", &Index::write),
      InstanceMethod("mergeFrom", &Index::mergeFrom),
      InstanceMethod("removeIds", &Index::removeIds),
      InstanceMethod("toBuffer", &Index::toBuffer),
      StaticMethod("read", &Index::read),
      StaticMethod("fromBuffer", &Index::fromBuffer),
      StaticMethod("fromFactory", &Index::fromFactory),
    });
    // clang-format on

    constructor = new Napi::FunctionReference();
    *constructor = Napi::Persistent(func);

    exports.Set(CLASS_NAME, func);
    return exports;
  }
};

class IndexFlatL2 : public IndexBase<IndexFlatL2, faiss::IndexFlatL2>
{
public:
  using IndexBase::IndexBase;

  static constexpr const char *CLASS_NAME = "IndexFlatL2";

  static Napi::Object Init(Napi::Env env, Napi::Object exports)
  {
    // clang-format off
    auto func = DefineClass(env, CLASS_NAME, {
      InstanceMethod("ntotal", &IndexFlatL2::ntotal),
      InstanceMethod("getDimension", &IndexFlatL2::getDimension),
      InstanceMethod("isTrained", &IndexFlatL2::isTrained),
      InstanceMethod("add", &IndexFlatL2::add),
      InstanceMethod("train", &IndexFlatL2::train),
      InstanceMethod("search", &IndexFlatL2::search),
      InstanceMethod("setSearchParameters", &IndexFlatL2::setSearchParameters),
      InstanceMethod("write", &IndexFlatL2::write),
      InstanceMethod("mergeFrom", &IndexFlatL2::mergeFrom),
      InstanceMethod("removeIds", &IndexFlatL2::removeIds),
      InstanceMethod("toBuffer", &IndexFlatL2::toBuffer),
      StaticMethod("read", &IndexFlatL2::read),
      StaticMethod("fromBuffer", &IndexFlatL2::fromBuffer),
    });
    // clang-format on

    constructor = new Napi::FunctionReference();
    *constructor = Napi::Persistent(func);

    exports.Set(CLASS_NAME, func);
    return exports;
  }
};

class IndexFlatIP : public IndexBase<IndexFlatIP, faiss::IndexFlatIP>
{
public:
  using IndexBase::IndexBase;

  static constexpr const char *CLASS_NAME = "IndexFlatIP";

  static Napi::Object Init(Napi::Env env, Napi::Object exports)
  {
    // clang-format off
    auto func = DefineClass(env, CLASS_NAME, {
      InstanceMethod("ntotal", &IndexFlatIP::ntotal),
      InstanceMethod("getDimension", &IndexFlatIP::getDimension),
      InstanceMethod("isTrained", &IndexFlatIP::isTrained),
      InstanceMethod("add", &IndexFlatIP::add),
      InstanceMethod("train", &IndexFlatIP::train),
      InstanceMethod("search", &IndexFlatIP::search),
      InstanceMethod("setSearchParameters", &IndexFlatIP::setSearchParameters),
      InstanceMethod("write", &IndexFlatIP::write),
      InstanceMethod("mergeFrom", &IndexFlatIP::mergeFrom),
      InstanceMethod("removeIds", &IndexFlatIP::removeIds),
      InstanceMethod("toBuffer", &IndexFlatIP::toBuffer),
      StaticMethod("read", &IndexFlatIP::read),
      StaticMethod("fromBuffer", &IndexFlatIP::fromBuffer),
    });
    // clang-format on

    constructor = new Napi::FunctionReference();
    *constructor = Napi::Persistent(func);

    exports.Set(CLASS_NAME, func);
    return exports;
  }
};

// OpenMP threads FAISS uses (omp_set_num_threads / omp_get_max_threads). One thread suits
// single-query searches: there is nothing to split, and idle threads spinning at a barrier
// cost the most on a busy machine.
static Napi::Value setNumThreads(const Napi::CallbackInfo &info)
{
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsNumber() || info[0].As<Napi::Number>().Int32Value() < 1)
  {
    Napi::TypeError::New(env, "Expected 1 argument, a number of threads >= 1.").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  omp_set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return env.Undefined();
}

static Napi::Value getNumThreads(const Napi::CallbackInfo &info)
{
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
  exports.Set("setNumThreads", Napi::Function::New(env, setNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, getNumThreads));
  Index::Init(env, exports);
  IndexFlatL2::Init(env, exports);
  IndexFlatIP::Init(env, exports);

  return exports;
}

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
