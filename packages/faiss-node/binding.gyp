{
  # Built by install.js (node-gyp rebuild), which finds FAISS and passes it in the environment:
  # TWOTOWER_FAISS_INCLUDE (the directory holding faiss/Index.h) and TWOTOWER_FAISS_LIBS (what to
  # link: libfaiss and, for a static libfaiss, BLAS/LAPACK).
  "targets": [
    {
      "target_name": "faiss_node",
      "sources": ["native/faiss.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node -p \"process.env.TWOTOWER_FAISS_INCLUDE || '/usr/include'\")"
      ],
      "defines": ["NAPI_VERSION=6", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fopenmp", "-fexceptions", "-frtti", "-Wno-unused-but-set-variable"],
      "libraries": [
        "<!@(node -p \"process.env.TWOTOWER_FAISS_LIBS || '-lfaiss -lopenblas'\")",
        "-fopenmp"
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "GCC_ENABLE_CPP_RTTI": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-Xpreprocessor", "-fopenmp"]
      }
    }
  ]
}
