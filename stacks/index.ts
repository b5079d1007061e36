// The Pulumi program entry (`main` in Pulumi.yaml): the stack name picks the program, and the program's
// return value becomes the stack outputs, under the real CLI and the offline engine alike.
import * as pulumi from "@pulumi/pulumi";
import { programFor } from "./programs";

export = programFor(pulumi.getStack());
