// Package marketfiles defines the files LiteGPT's offline Data Market tools
// (`litegptd market ...`) read and write, so that a seller and a buyer can
// run the fair exchange of pkg/exchange by hand before the sidecar exists:
//
//   - a leaves file: the leaves of a data set, each as the field elements
//     commit.Batch.Elements gives, all of one shape (ReadLeaves, WriteLeaves);
//   - a delivery file: a deal id, the deal's first leaf and the ciphertext
//     chunks exchange.SealLeaves produced, in order (ReadDelivery,
//     WriteDelivery);
//   - a key file: one deal key in base64 (WriteKeyFile, ParseKey);
//   - CSV input: rows of numbers turned into batches of a task's shape with
//     commit.Format.Encode and the task's rounding (EncodeCSV).
//
// Readers validate everything and say what is wrong and where; writers
// replace files atomically, or refuse to replace them at all where a lost
// file would break a posted deal (deliveries and keys).
package marketfiles
