/* libcublas.so.12 for a machine that only has cuBLAS 13 (the H200 device image): faiss-gpu-cu12 uses nine
   cuBLAS calls whose signatures did not change between 12 and 13; each is forwarded to libcublas.so.13.
   Build: gcc -O2 -shared -fPIC -Wl,-soname,libcublas.so.12 -Wl,--version-script=cublas12.map -o libcublas.so.12 cublas12_shim.c -ldl
   cublas12.map: libcublas.so.12 { global: cublas*; local: *; };  (faiss's references carry that version node)
   plus an empty libcublasLt.so.12 (NEEDED, no symbols used), packed as a stand-in nvidia-cublas-cu12 wheel
   because faiss's loader preloads the libraries it finds in that distribution's RECORD. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
typedef int st;
static void *lib(void) {
  static void *h;
  if (!h) { h = dlopen("libcublas.so.13", RTLD_NOW | RTLD_GLOBAL);
            if (!h) { fprintf(stderr, "cublas12 shim: %s\n", dlerror()); abort(); } }
  return h;
}
#define FWD(name) static void *f; if (!f) f = dlsym(lib(), #name); if (!f) { fprintf(stderr, "no %s\n", #name); abort(); }
st cublasCreate_v2(void **h) { FWD(cublasCreate_v2) return ((st(*)(void**))f)(h); }
st cublasDestroy_v2(void *h) { FWD(cublasDestroy_v2) return ((st(*)(void*))f)(h); }
st cublasSetStream_v2(void *h, void *s) { FWD(cublasSetStream_v2) return ((st(*)(void*,void*))f)(h, s); }
st cublasGetMathMode(void *h, int *m) { FWD(cublasGetMathMode) return ((st(*)(void*,int*))f)(h, m); }
st cublasSetMathMode(void *h, int m) { FWD(cublasSetMathMode) return ((st(*)(void*,int))f)(h, m); }
st cublasSgemmEx(void *h, int ta, int tb, int m, int n, int k, const float *al, const void *A, int At, int lda,
                 const void *B, int Bt, int ldb, const float *be, void *C, int Ct, int ldc) {
  FWD(cublasSgemmEx)
  return ((st(*)(void*,int,int,int,int,int,const float*,const void*,int,int,const void*,int,int,const float*,void*,int,int))f)
      (h, ta, tb, m, n, k, al, A, At, lda, B, Bt, ldb, be, C, Ct, ldc);
}
st cublasGemmEx(void *h, int ta, int tb, int m, int n, int k, const void *al, const void *A, int At, int lda,
                const void *B, int Bt, int ldb, const void *be, void *C, int Ct, int ldc, int ct, int algo) {
  FWD(cublasGemmEx)
  return ((st(*)(void*,int,int,int,int,int,const void*,const void*,int,int,const void*,int,int,const void*,void*,int,int,int,int))f)
      (h, ta, tb, m, n, k, al, A, At, lda, B, Bt, ldb, be, C, Ct, ldc, ct, algo);
}
st cublasGemmStridedBatchedEx(void *h, int ta, int tb, int m, int n, int k, const void *al, const void *A, int At, int lda,
                              long long sA, const void *B, int Bt, int ldb, long long sB, const void *be, void *C, int Ct,
                              int ldc, long long sC, int batch, int ct, int algo) {
  FWD(cublasGemmStridedBatchedEx)
  return ((st(*)(void*,int,int,int,int,int,const void*,const void*,int,int,long long,const void*,int,int,long long,const void*,void*,int,int,long long,int,int,int))f)
      (h, ta, tb, m, n, k, al, A, At, lda, sA, B, Bt, ldb, sB, be, C, Ct, ldc, sC, batch, ct, algo);
}
