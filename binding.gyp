{
  "targets": [
    {
      "target_name": "hit_lane",
      "sources": ["native/hit-lane.cc"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
