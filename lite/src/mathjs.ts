// `import … from "mathjs"` in a lesson cell: the same copy kernel-lib uses (one shared chunk).
export * from "mathjs";
