// What pdfkit's browser build exports beyond @types/pdfkit (which describes the Node build).
declare module 'pdfkit/standard-fonts/Helvetica' {
  /** Helvetica's metrics, for `registerStdFonts`. */
  const font: object
  export default font
}
