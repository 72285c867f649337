/// SSR's umbrella module: importing `SSRLib` gives every layer of the toolkit.
@_exported import SSRCore
@_exported import SSRData
@_exported import SSRNotebook
