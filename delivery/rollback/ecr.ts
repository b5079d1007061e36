// Is the tag in the release repository? ECR DescribeImages through the AWS SDK, with the client injected.
import type { DescribeImagesCommandOutput } from "@aws-sdk/client-ecr";
import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import { ValidationError } from "../../lib/errors";
import type { ImageExists } from "./rollback";

/** The one call this check makes; an `ECRClient` satisfies it, tests pass a recorded fake. */
export interface EcrDescribeImages {
  send(command: DescribeImagesCommand): Promise<DescribeImagesCommandOutput>;
}

/** An {@link ImageExists} that asks ECR for `repositoryName:<tag>`; a missing image is `false`, not an error. */
export function ecrImageExists(client: EcrDescribeImages, repositoryName: string): ImageExists {
  return async (imageTag) => {
    try {
      const { imageDetails } = await client.send(
        new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag }] }),
      );
      return (imageDetails ?? []).length > 0;
    } catch (err) {
      if ((err as Error).name === "ImageNotFoundException") return false;
      throw repositoryError(err, repositoryName);
    }
  };
}

/** ECR's RepositoryNotFoundException as the one-line `--repository` error; any other error as it came. */
export function repositoryError(err: unknown, repositoryName: string): unknown {
  return (err as Error).name === "RepositoryNotFoundException"
    ? new ValidationError("--repository", repositoryName, "no such ECR repository in this account and region")
    : err;
}
